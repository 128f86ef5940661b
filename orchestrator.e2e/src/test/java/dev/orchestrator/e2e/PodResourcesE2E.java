package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Resource limits on real containers: a memory limit is enforced by the kernel (OOMKilled, restarted by the
 * restart policy), CPU and memory limits reach the container's cgroup, and pods get their QoS class.
 */
@ResourceLock(RealNode.HOST)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PodResourcesE2E {

    private RealNodeCluster real;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(RealNode.available(), "needs root and containerd (./orch test installs it)");
        real = RealNodeCluster.start("resources-node", 247);
    }

    @AfterAll
    void stop() throws Exception {
        if (real != null) {
            real.close();
        }
    }

    @Test
    void aMemoryHogOverItsLimitIsOomKilledAndRestarted() throws Exception {
        // dd fills a 200 MiB buffer, far beyond the 64 Mi limit; it is the container's main process (exec), since
        // the kernel kills the process that allocates, and only the main one's end ends the container
        real.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"hog"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s",
                    "command":["sh","-c","echo filling; exec dd if=/dev/zero of=/dev/null bs=200M count=1"],
                    "resources":{"limits":{"memory":"64Mi","cpu":"500m"}}}]}}
                """.formatted(real.busybox));
        String reason = Eventually.until("OOMKilled", 90, () -> real.jsonpath("pod", "hog",
                "{.status.containerStatuses[0]}") + " log: " + readIfThere(real.containerLog("hog", "main", 0)),
                r -> r.contains("OOMKilled"));
        assertTrue(reason.contains("OOMKilled"), reason);
        assertEquals("137", real.jsonpath("pod", "hog", "{.status.containerStatuses[0].lastState.terminated.exitCode}"));
        Eventually.until("restarted by policy Always", 90, () -> real.jsonpath("pod", "hog",
                "{.status.containerStatuses[0].restartCount}"), n -> !n.isEmpty() && Integer.parseInt(n) >= 1);
        String log = Files.readString(real.containerLog("hog", "main", 0));
        assertTrue(log.contains("filling") && !log.contains("records out"), log);
        // Guaranteed needs requests == limits for every resource: limits alone default the requests to them
        assertEquals("Guaranteed", real.jsonpath("pod", "hog", "{.status.qosClass}"));
    }

    private static String readIfThere(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Test
    void limitsReachTheContainersCgroupAndPodsGetTheirQosClass() throws Exception {
        real.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"limited"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c",
                    "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu.max 2>/dev/null; sleep 3600"],
                    "resources":{"requests":{"memory":"32Mi","cpu":"100m"},"limits":{"memory":"96Mi","cpu":"250m"}}}]}}
                """.formatted(real.busybox));
        real.awaitPhase("limited", "Running");
        Path log = real.containerLog("limited", "main", 0);
        String seen = Eventually.until("the limits printed", 30, () -> Files.exists(log) ? Files.readString(log) : "",
                l -> l.contains(Long.toString(96L << 20)) && l.contains("25000"));
        assertTrue(seen.contains(Long.toString(96L << 20)), seen);
        assertEquals("Burstable", real.jsonpath("pod", "limited", "{.status.qosClass}"));
        real.shPod("free", "Always", "sleep 3600", 1);
        assertEquals("BestEffort", real.jsonpath("pod", "free", "{.status.qosClass}"));
    }
}
