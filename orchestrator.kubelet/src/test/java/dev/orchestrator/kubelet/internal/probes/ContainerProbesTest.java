package dev.orchestrator.kubelet.internal.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Probe workers on real timers and a real pool, probing real loopback ports with tcpSocket:
 * thresholds, startup gating, events, the pod being enqueued on changes, and hollow nodes.
 */
class ContainerProbesTest {

    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1);
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> changed = new CopyOnWriteArrayList<>();
    private final ContainerProbes probes = new ContainerProbes(timers, pool,
            (about, warning, reason, message) -> events.add(reason + ": " + message), changed::add);

    @AfterEach
    void stop() {
        probes.close();
        timers.shutdownNow();
        pool.shutdownNow();
    }

    private static Probe tcp(int port, int success, int failure) {
        return new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket()
                .withPeriodSeconds(1).withSuccessThreshold(success).withFailureThreshold(failure).build();
    }

    private static Pod pod(Container c) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("default").withUid("uid-1").endMetadata()
                .withNewSpec().withContainers(c).endSpec().build();
    }

    private static ContainerStatus running(String id) {
        Instant now = Instant.now();
        return new ContainerStatus(id, "sandbox", "main", 0, ContainerStatus.State.RUNNING, "busybox", "sha256:1", now,
                Optional.of(now), Optional.empty(), 0, "", "", Map.of(), Map.of(), "");
    }

    @Test
    void readinessNeedsItsThresholdsAndEnqueuesThePodOnEachChange() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            Container c = new ContainerBuilder().withName("main").withReadinessProbe(tcp(port, 2, 2)).build();
            probes.update(pod(c), null, "containerd", List.of("127.0.0.1"), List.of(running("c1")));
            assertFalse(probes.ready("containerd", c, "c1"), "not ready before the first successes");
            assertTrue(probes.started("containerd", c, "c1"));
            Eventually.until("ready after two successes", 15, () -> probes.ready("containerd", c, "c1"));
            // the verdict is visible a moment before the pod is enqueued: wait for that, not for a fixed time
            Eventually.until("the pod enqueued once", 15, () -> changed.size() >= 1);
            assertEquals(List.of("uid-1"), changed);
            server.close();
            Eventually.until("unready after two failures", 15, () -> !probes.ready("containerd", c, "c1"));
            Eventually.until("the pod enqueued again", 15, () -> changed.size() >= 2);
            assertEquals(List.of("uid-1", "uid-1"), changed);
            assertTrue(events.stream().allMatch(e -> e.equals("Unhealthy: Readiness probe failed: dial tcp 127.0.0.1:" + port
                    + ": connect: connection refused")), events.toString());
            assertTrue(events.size() >= 2, events.toString());
        }
    }

    @Test
    void livenessWaitsForTheStartupProbeWhichStopsOnceItPassed() throws Exception {
        int startupPort = NetworkProbersTest.closedPort();
        int livenessPort = NetworkProbersTest.closedPort();
        Container c = new ContainerBuilder().withName("main").withStartupProbe(tcp(startupPort, 1, 100))
                .withLivenessProbe(tcp(livenessPort, 1, 1)).build();
        probes.update(pod(c), null, "containerd", List.of("127.0.0.1"), List.of(running("c1")));
        Eventually.until("a failed startup probe", 15, () -> events.size() >= 2);
        assertFalse(probes.started("containerd", c, "c1"));
        assertFalse(probes.ready("containerd", c, "c1"));
        assertTrue(events.stream().allMatch(e -> e.startsWith("Unhealthy: Startup probe failed: ")), events.toString());
        try (ServerSocket started = new ServerSocket(startupPort, 50, InetAddress.getLoopbackAddress())) {
            Eventually.until("started", 15, () -> probes.started("containerd", c, "c1"));
            assertTrue(probes.ready("containerd", c, "c1"), "no readiness probe: ready once started");
            Eventually.until("a failed liveness probe", 15, () -> events.stream().anyMatch(e -> e.startsWith("Unhealthy: Liveness")));
            assertTrue(changed.size() >= 2, changed.toString()); // started, then liveness failed for good
        }
    }

    @Test
    void aContainerThatExitedIsNoLongerProbed() throws Exception {
        int port = NetworkProbersTest.closedPort();
        Container c = new ContainerBuilder().withName("main").withReadinessProbe(tcp(port, 1, 1)).build();
        probes.update(pod(c), null, "containerd", List.of("127.0.0.1"), List.of(running("c1")));
        Eventually.until("a probe", 15, () -> !events.isEmpty());
        probes.update(pod(c), null, "containerd", List.of("127.0.0.1"), List.of());
        Thread.sleep(300); // a run already handed to the pool may still report
        int seen = events.size();
        Thread.sleep(2500);
        assertEquals(seen, events.size(), events.toString());
    }

    @Test
    void aProbeThatCannotRunErrorsAndCountsAsAFailure() throws Exception {
        Probe byName = new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString("metrics")).endTcpSocket()
                .withPeriodSeconds(1).withFailureThreshold(1).build();
        Container c = new ContainerBuilder().withName("main").withLivenessProbe(byName).build();
        probes.update(pod(c), null, "containerd", List.of("127.0.0.1"), List.of(running("c1")));
        Eventually.until("an errored probe", 15, () -> !events.isEmpty());
        assertEquals("Unhealthy: Liveness probe errored: couldn't find port: metrics", events.get(0));
        Eventually.until("the pod enqueued to kill the container", 15, () -> changed.contains("uid-1"));
    }

    @Test
    void hollowNodesRunNoProbesAndCountContainersReady() throws Exception {
        Container c = new ContainerBuilder().withName("main").withReadinessProbe(tcp(1, 1, 1))
                .withStartupProbe(tcp(1, 1, 1)).withLivenessProbe(tcp(1, 1, 1)).build();
        probes.update(pod(c), null, ContainerProbes.SIMULATED_RUNTIME, List.of("10.0.0.1"), List.of(running("c1")));
        assertTrue(probes.started(ContainerProbes.SIMULATED_RUNTIME, c, "c1"));
        assertTrue(probes.ready(ContainerProbes.SIMULATED_RUNTIME, c, "c1"));
        Thread.sleep(1500);
        assertEquals(List.of(), events);
    }

    @Test
    void timingsGetKubernetesDefaults() {
        ProbeSettings s = ProbeSettings.of(new ProbeBuilder().withNewExec().withCommand("true").endExec()
                .withSuccessThreshold(3).build(), ProbeKind.LIVENESS);
        assertEquals(new ProbeSettings(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(1), 1, 3, Optional.empty()), s);
        ProbeSettings r = ProbeSettings.of(new ProbeBuilder().withPeriodSeconds(2).withTimeoutSeconds(5)
                .withInitialDelaySeconds(7).withSuccessThreshold(2).withFailureThreshold(4)
                .withTerminationGracePeriodSeconds(9L).build(), ProbeKind.READINESS);
        assertEquals(new ProbeSettings(Duration.ofSeconds(7), Duration.ofSeconds(2), Duration.ofSeconds(5), 2, 4,
                Optional.of(Duration.ofSeconds(9))), r);
    }
}
