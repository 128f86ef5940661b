package dev.orchestrator.runtime.cri.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.ContainerExec;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ContainerStats;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.ExecResult;
import dev.orchestrator.api.runtime.ImagePullException;
import dev.orchestrator.api.runtime.NotFoundException;
import dev.orchestrator.api.runtime.RuntimeStatus;
import dev.orchestrator.api.runtime.RuntimeVersion;
import dev.orchestrator.api.runtime.SandboxConfig;
import dev.orchestrator.api.runtime.SandboxStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime against a real, isolated containerd (see {@link CriNode}, made by {@code node/node-env.sh}): a
 * successful image pull from the node's registry, sandboxes with pod IPs, containers, exec, stats, images and the
 * runtime's own error messages. Skipped unless root with containerd installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CriRuntimeContainerdTest {

    private static final Logger LOG = LoggerFactory.getLogger(CriRuntimeContainerdTest.class);
    private static final CriTimeouts TIMEOUTS =
            new CriTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(5));

    private CriNode node;
    private CriContainerRuntime runtime;
    private String busyboxRef;

    @BeforeAll
    void start() throws Exception {
        CriNode.assumeAvailable();
        long t0 = System.nanoTime();
        node = CriNode.start();
        runtime = new CriContainerRuntime(node.endpoint(), "auto", TIMEOUTS);
        LOG.info("node up ms={} transport={}", ms(t0), runtime.transport());
        // busybox is only in the registry: every container below needs this pull to have worked
        t0 = System.nanoTime();
        busyboxRef = Fixtures.pullBusybox(runtime.images(), node);
        LOG.info("PullImage image={} ref={} ms={}", node.busybox(), busyboxRef, ms(t0));
    }

    @AfterAll
    void stop() {
        try {
            if (runtime != null) {
                Fixtures.removeAll(runtime);
                runtime.close();
            }
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void versionAndStatusOverBothTransports() {
        assertEquals("epoll", runtime.transport(), "the native transport loads here");
        assertEquals(node.endpoint(), CriEndpoint.resolve("", node.dir().toString()),
                "the node's socket is where the component looks under orchestrator.data.dir");
        RuntimeVersion v = runtime.version();
        assertEquals("containerd", v.runtimeName());
        assertFalse(v.runtimeVersion().isEmpty());
        RuntimeStatus status = runtime.status();
        assertTrue(status.runtimeReady(), status.runtimeMessage());
        assertTrue(status.networkReady(), status.networkMessage());
        CriContainerRuntime nio = new CriContainerRuntime(node.endpoint(), "nio", TIMEOUTS);
        try {
            assertEquals("nio", nio.transport());
            assertEquals(v, nio.version());
        } finally {
            nio.close();
        }
    }

    @Test
    void podLifecycle() throws Exception {
        Path logs = Files.createDirectories(node.dir().resolve("logs/web"));
        SandboxConfig pod = Fixtures.sandbox(node, "web", "uid-web", logs);
        long t0 = System.nanoTime();
        String sandboxId = runtime.sandboxes().run(pod);
        LOG.info("RunPodSandbox ms={}", ms(t0));
        SandboxStatus sandbox = runtime.sandboxes().status(sandboxId);
        assertEquals(SandboxStatus.State.READY, sandbox.state());
        assertEquals("uid-web", sandbox.uid());
        assertEquals(1, sandbox.ips().size(), sandbox.ips().toString());
        String ip = sandbox.ips().get(0);
        assertEquals("10.244." + CriNode.INDEX + ".0/24", node.podCidr());
        assertTrue(ip.startsWith(node.podIpPrefix()) && !ip.equals(node.podIpPrefix() + "1"), ip);
        assertEquals(Map.of("note", "cri test"), sandbox.annotations());
        // the verbose status names the pause process, whose /proc entry shows the pod's own network namespace
        long pid = sandbox.pid().orElseThrow(() -> new AssertionError("no pause pid in " + sandbox));
        // runc start returns once it told the container's init to exec: for a moment the process may still be
        // "runc init", so the command line is awaited rather than read once
        assertTrue(commandLineBecomes(pid, "pause", Duration.ofSeconds(10)), "pid " + pid);
        assertTrue(Files.readString(Path.of("/proc/" + pid + "/net/dev")).contains("eth0:"), "pid " + pid);
        assertTrue(runtime.sandboxes().list(Fixtures.LABELS).stream().anyMatch(s -> s.id().equals(sandboxId)
                && s.pid().equals(sandbox.pid())), "a ready sandbox's listing keeps its pid");
        assertTrue(runtime.sandboxes().list(Fixtures.LABELS).stream().anyMatch(s -> s.id().equals(sandboxId)
                && s.ips().equals(List.of(ip))));

        t0 = System.nanoTime();
        String id = runtime.containers().create(sandboxId,
                Fixtures.container(node, "httpd", List.of("httpd"), List.of("-f", "-p", "80", "-h", "/www")), pod);
        runtime.containers().start(id);
        LOG.info("CreateContainer+StartContainer ms={}", ms(t0));
        ContainerStatus status = runtime.containers().status(id);
        assertEquals(ContainerStatus.State.RUNNING, status.state());
        assertEquals(sandboxId, status.sandboxId());
        assertEquals("httpd", status.name());
        assertTrue(status.startedAt().isPresent());
        assertTrue(status.finishedAt().isEmpty());
        assertEquals(logs.resolve("httpd/0.log").toString(), status.logPath());

        assertEquals("hello from orchestrator\n", httpGet(ip));
        t0 = System.nanoTime();
        ExecResult hi = runtime.exec().execSync(id, List.of("echo", "hi"), Duration.ofSeconds(5));
        LOG.info("ExecSync ms={}", ms(t0));
        assertEquals(0, hi.exitCode());
        assertEquals("hi\n", new String(hi.stdout(), StandardCharsets.UTF_8));
        ExecResult env = runtime.exec().execSync(id, List.of("sh", "-c", "echo $GREETING >&2; exit 3"),
                Duration.ZERO);
        assertEquals(3, env.exitCode());
        assertEquals("hi\n", new String(env.stderr(), StandardCharsets.UTF_8));
        t0 = System.nanoTime();
        assertThrows(ContainerRuntimeException.class,
                () -> runtime.exec().execSync(id, List.of("sleep", "30"), Duration.ofSeconds(1)));
        LOG.info("ExecSync past its 1 s timeout failed after ms={}", ms(t0));

        URI url = runtime.exec().exec(id, List.of("sh"), new ContainerExec.StreamOptions(true, true, false, true));
        assertEquals("127.0.0.1", url.getHost(), url.toString());
        assertEquals("127.0.0.1", runtime.exec().portForward(sandboxId, List.of(80)).getHost());
        assertEquals("127.0.0.1",
                runtime.exec().attach(id, new ContainerExec.StreamOptions(false, true, true, false)).getHost());

        List<ContainerStats> stats = runtime.containers().stats();
        ContainerStats mine = stats.stream().filter(s -> s.containerId().equals(id)).findFirst().orElseThrow();
        assertTrue(mine.memoryWorkingSetBytes() > 0, mine.toString());
        assertTrue(mine.cpuUsageCoreNanoSeconds() > 0, mine.toString());

        assertEquals(List.of(id), runtime.containers().list(Optional.of(sandboxId), Map.of("container", "httpd"))
                .stream().map(ContainerStatus::id).toList());
        assertEquals(List.of(), runtime.containers().list(Optional.empty(), Map.of("container", "none")));

        t0 = System.nanoTime();
        runtime.containers().stop(id, Duration.ofMillis(1500));
        LOG.info("StopContainer ms={}", ms(t0));
        ContainerStatus exited = runtime.containers().status(id);
        assertEquals(ContainerStatus.State.EXITED, exited.state());
        assertTrue(exited.finishedAt().isPresent());
        runtime.containers().stop(id, Duration.ZERO);
        runtime.containers().remove(id);
        runtime.containers().remove(id);
        assertThrows(NotFoundException.class, () -> runtime.containers().status(id));

        runtime.sandboxes().stop(sandboxId);
        assertEquals(SandboxStatus.State.NOT_READY, runtime.sandboxes().status(sandboxId).state());
        assertTrue(runtime.sandboxes().status(sandboxId).pid().isEmpty(), "a stopped sandbox has no process");
        runtime.sandboxes().remove(sandboxId);
        runtime.sandboxes().remove(sandboxId);
        assertThrows(NotFoundException.class, () -> runtime.sandboxes().status(sandboxId));
    }

    @Test
    void missingCommandFailsWithTheRuntimesMessage() throws Exception {
        Path logs = Files.createDirectories(node.dir().resolve("logs/bad"));
        SandboxConfig pod = Fixtures.sandbox(node, "bad", "uid-bad", logs);
        String sandboxId = runtime.sandboxes().run(pod);
        String id = runtime.containers().create(sandboxId,
                Fixtures.container(node, "bad", List.of("/no/such/binary"), List.of()), pod);
        ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class,
                () -> runtime.containers().start(id));
        LOG.info("start of a missing command failed message={}", e.getMessage());
        assertTrue(e.getMessage().contains("/no/such/binary") && e.getMessage().contains("no such file"),
                e.getMessage());
        runtime.sandboxes().stop(sandboxId);
        runtime.sandboxes().remove(sandboxId);
        assertThrows(NotFoundException.class, () -> runtime.containers().status(id));
    }

    @Test
    void images() {
        assertEquals(busyboxRef, runtime.images().status(node.busybox()).orElseThrow().id());
        assertTrue(runtime.images().list().stream().anyMatch(i -> i.repoTags().contains(node.busybox())
                && i.id().equals(busyboxRef)));
        // pulling what is present answers with the same ref
        assertEquals(busyboxRef, runtime.images().pull(node.busybox(), Optional.empty()));
        assertEquals(Optional.empty(), runtime.images().status("localhost/missing:1"));
        runtime.images().remove("localhost/missing:1");
        long t0 = System.nanoTime();
        ImagePullException e = assertThrows(ImagePullException.class,
                () -> runtime.images().pull("127.0.0.1:1/none/missing:1", Optional.empty()));
        LOG.info("pull of an unreachable image failed ms={} message={}", ms(t0), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
    }

    private static String httpGet(String ip) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + ip + "/")).timeout(Duration.ofSeconds(3))
                .build();
        for (int attempt = 0; ; attempt++) {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException e) {
                if (attempt == 20) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static boolean commandLineBecomes(long pid, String part, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        Path cmdline = Path.of("/proc/" + pid + "/cmdline");
        while (!Files.readString(cmdline).contains(part)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
