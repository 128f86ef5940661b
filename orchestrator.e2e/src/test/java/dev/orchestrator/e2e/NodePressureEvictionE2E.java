package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Node-pressure eviction on a real node (containerd, runc), driven with real kubectl. The kubelet is told its
 * node has 600Mi of memory (memory.available is then 600Mi less its pods' working sets) and its volumes live
 * on a 100Mi tmpfs the test mounts, so that memory and disk pressure can be made for real without touching
 * the machine: a BestEffort pod filling a memory emptyDir puts the node under MemoryPressure (condition,
 * taint, the scheduler keeping a new BestEffort pod away) and is evicted while a Guaranteed pod beside it
 * keeps running; a pod filling a disk emptyDir brings DiskPressure and is evicted; a pod writing past its
 * emptyDir's sizeLimit is evicted without any node pressure. Each pressure clears after the transition period.
 */
@ResourceLock(RealNode.HOST)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class NodePressureEvictionE2E {

    private static final String NODE = "pressure-node";
    private static final int INDEX = 251;
    /** Long enough for the test to see the taint and try to schedule beside it, short enough to wait out. */
    private static final int TRANSITION_SECONDS = 20;
    private static final String CONDITIONS_AND_TAINTS = "{range .status.conditions[*]}{.type}={.status}/{.reason} {end}"
            + "taints:{range .spec.taints[*]}{.key}:{.effect} {end}";
    private RealNodeCluster real;
    private Path volumes;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(RealNode.available(), "needs root and containerd (./orch test installs it)");
        real = RealNodeCluster.start(NODE, INDEX, Map.of(), nodeDir -> {
            // under the node's directory, so that closing the node unmounts it (and the pods' tmpfs inside) if we do not
            volumes = nodeDir.resolve("volumes");
            Files.createDirectories(volumes);
            run("mount", "-t", "tmpfs", "-o", "size=100m,mode=0755", "tmpfs", volumes.toString());
            return String.join("\n", "volumesDir=" + volumes, "capacityMemory=600Mi",
                    "evictionHard=memory.available<200Mi,nodefs.available<40%",
                    "evictionPressureTransitionPeriod=" + TRANSITION_SECONDS + "s", "evictionMonitoringInterval=2s", "");
        });
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (real != null) {
                real.close();
            }
        } finally {
            if (volumes != null && mounted(volumes)) {
                run("umount", "-l", volumes.toString());
            }
        }
    }

    private static boolean mounted(Path dir) throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.split(" ")[4]
                .equals(dir.toString()));
    }

    private static void run(String... command) throws Exception {
        HostCommand.run(command);
    }

    @BeforeEach
    void noPressureLeftFromAnotherTest() throws Exception {
        awaitNoPressure(TRANSITION_SECONDS + 60);
    }

    private String nodeState() throws Exception {
        return real.jsonpath("node", NODE, CONDITIONS_AND_TAINTS);
    }

    private String awaitNoPressure(int seconds) throws Exception {
        return Eventually.until("no pressure on the node", seconds, this::nodeState,
                s -> s.contains("MemoryPressure=False/KubeletHasSufficientMemory")
                        && s.contains("DiskPressure=False/KubeletHasNoDiskPressure")
                        && s.contains("PIDPressure=False/KubeletHasSufficientPID") && !s.contains("pressure:NoSchedule"));
    }

    private String events(String object) throws Exception {
        return real.ok("get", "events", "-A", "--field-selector", "involvedObject.name=" + object, "-o",
                "jsonpath={range .items[*]}{.type}|{.reason}|{.message}{\"\\n\"}{end}").out();
    }

    private String awaitEvicted(String pod) throws Exception {
        return Eventually.until(pod + " Failed/Evicted", 90, () -> real.jsonpath("pod", pod,
                "{.status.phase}/{.status.reason}: {.status.message}"), s -> s.startsWith("Failed/Evicted: "))
                .substring("Failed/Evicted: ".length());
    }

    @Test
    void aBestEffortMemoryHogIsEvictedUnderMemoryPressureWhileAGuaranteedPodKeepsRunning() throws Exception {
        real.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"steady"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c","sleep 3600"],
                    "resources":{"requests":{"memory":"64Mi","cpu":"100m"},"limits":{"memory":"64Mi","cpu":"100m"}}}]}}
                """.formatted(real.busybox));
        real.awaitPhase("steady", "Running");
        // tmpfs pages count to the memory cgroup of the process that writes them: 450Mi of the node's 600Mi
        real.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"hog"},
                 "spec":{"terminationGracePeriodSeconds":30,
                  "containers":[{"name":"hog","image":"%s",
                    "command":["sh","-c","dd if=/dev/zero of=/ram/fill bs=1M count=450; echo filled; sleep 3600"],
                    "volumeMounts":[{"name":"ram","mountPath":"/ram"}]}],
                  "volumes":[{"name":"ram","emptyDir":{"medium":"Memory"}}]}}
                """.formatted(real.busybox));
        String pressured = Eventually.until("MemoryPressure and its taint", 90, this::nodeState,
                s -> s.contains("MemoryPressure=True/KubeletHasInsufficientMemory")
                        && s.contains("node.kubernetes.io/memory-pressure:NoSchedule"));
        assertTrue(pressured.contains("DiskPressure=False"), pressured);

        // the scheduler keeps a new BestEffort pod off the tainted node
        real.shPod("latecomer", "Always", "sleep 3600", 1);
        String unschedulable = Eventually.until("latecomer held back by the taint", 15, () -> real.jsonpath("pod",
                "latecomer", "{.spec.nodeName}|{.status.conditions[?(@.type==\"PodScheduled\")].message}"),
                s -> s.contains("untolerated taint"));
        assertTrue(unschedulable.startsWith("|") && unschedulable.contains("node.kubernetes.io/memory-pressure"),
                unschedulable);

        String message = awaitEvicted("hog");
        assertTrue(message.startsWith("The node was low on resource: memory. Threshold quantity: 200Mi, available: "),
                message);
        assertTrue(message.matches(".*Container hog was using \\d+(Ki|Mi)?, request is 0, has larger consumption of memory\\.$"),
                message);
        assertEquals("True/TerminationByKubelet", real.jsonpath("pod", "hog",
                "{.status.conditions[?(@.type==\"DisruptionTarget\")].status}/"
                        + "{.status.conditions[?(@.type==\"DisruptionTarget\")].reason}"));
        String hogEvents = Eventually.until("the Evicted event", 30, () -> events("hog"),
                e -> e.contains("Warning|Evicted|" + message));
        assertTrue(hogEvents.contains("Warning|Evicted|The node was low on resource: memory."), hogEvents);
        assertEquals("Running/0", real.jsonpath("pod", "steady", "{.status.phase}/{.status.containerStatuses[0].restartCount}"));

        // the pressure ends with the hog; the condition and the taint go once the transition period is over
        String cleared = awaitNoPressure(TRANSITION_SECONDS + 30);
        assertFalse(cleared.contains("memory-pressure"), cleared);
        String nodeEvents = events(NODE);
        assertTrue(nodeEvents.contains("Normal|NodeHasInsufficientMemory|Node " + NODE + " status is now: NodeHasInsufficientMemory")
                && nodeEvents.contains("Normal|NodeHasSufficientMemory|") && nodeEvents.contains(
                        "Warning|EvictionThresholdMet|Attempting to reclaim memory"), nodeEvents);
        real.awaitPhase("latecomer", "Running");
        assertEquals("Running/0", real.jsonpath("pod", "steady", "{.status.phase}/{.status.containerStatuses[0].restartCount}"));
        real.ok("delete", "pod", "hog", "latecomer", "steady", "--wait=false");
    }

    @Test
    void aPodFillingItsEmptyDirPastTheSizeLimitIsEvictedWithoutNodePressure() throws Exception {
        real.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"filler"},
                 "spec":{"terminationGracePeriodSeconds":30,
                  "containers":[{"name":"main","image":"%s",
                    "command":["sh","-c","dd if=/dev/zero of=/scratch/fill bs=1M count=5; echo written; sleep 3600"],
                    "volumeMounts":[{"name":"scratch","mountPath":"/scratch"}]}],
                  "volumes":[{"name":"scratch","emptyDir":{"sizeLimit":"1Mi"}}]}}
                """.formatted(real.busybox));
        String message = awaitEvicted("filler");
        assertEquals("Usage of EmptyDir volume \"scratch\" exceeds the limit \"1Mi\".", message);
        assertEquals("", real.jsonpath("pod", "filler", "{.status.conditions[?(@.type==\"DisruptionTarget\")].status}"),
                "not the node's pressure");
        Eventually.until("the Evicted event", 30, () -> events("filler"),
                e -> e.contains("Warning|Evicted|Usage of EmptyDir volume \"scratch\" exceeds the limit \"1Mi\"."));
        String state = nodeState();
        assertTrue(state.contains("DiskPressure=False") && state.contains("MemoryPressure=False"), state);
        String uid = real.jsonpath("pod", "filler", "{.metadata.uid}");
        Eventually.until("the evicted pod's volumes removed", 30, () -> Files.exists(volumes.resolve(uid)), e -> !e);
        real.ok("delete", "pod", "filler", "--wait=false");
    }

    @Test
    void aPodFillingTheNodesDiskBringsDiskPressureAndIsEvicted() throws Exception {
        // 70Mi of the 100Mi volume file system leaves 30%, under the 40% threshold
        real.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"writer"},
                 "spec":{"terminationGracePeriodSeconds":30,
                  "containers":[{"name":"main","image":"%s",
                    "command":["sh","-c","dd if=/dev/zero of=/data/fill bs=1M count=70; echo written; sleep 3600"],
                    "volumeMounts":[{"name":"data","mountPath":"/data"}]}],
                  "volumes":[{"name":"data","emptyDir":{}}]}}
                """.formatted(real.busybox));
        String pressured = Eventually.until("DiskPressure and its taint", 90, this::nodeState,
                s -> s.contains("DiskPressure=True/KubeletHasDiskPressure")
                        && s.contains("node.kubernetes.io/disk-pressure:NoSchedule"));
        assertTrue(pressured.contains("MemoryPressure=False"), pressured);
        String message = awaitEvicted("writer");
        assertTrue(message.startsWith("The node was low on resource: ephemeral-storage. Threshold quantity: 40Mi, available: "),
                message);
        // the pod is ranked by all it holds (its emptyDir); the message names the container for its own storage (logs)
        assertTrue(message.matches(".*available: \\d+(Ki|Mi)?\\. Container main was using \\d+(Ki)?, request is 0, "
                + "has larger consumption of ephemeral-storage\\.$"), message);
        Eventually.until("the Evicted event", 30, () -> events("writer"), e -> e.contains("Warning|Evicted|" + message));
        awaitNoPressure(TRANSITION_SECONDS + 30);
        assertTrue(events(NODE).contains("Warning|EvictionThresholdMet|Attempting to reclaim ephemeral-storage"));
        real.ok("delete", "pod", "writer", "--wait=false");
    }
}
