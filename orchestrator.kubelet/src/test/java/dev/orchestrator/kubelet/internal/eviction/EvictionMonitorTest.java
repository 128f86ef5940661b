package dev.orchestrator.kubelet.internal.eviction;

import static dev.orchestrator.kubelet.internal.eviction.Pods.container;
import static dev.orchestrator.kubelet.internal.eviction.Pods.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.MovableClock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor end to end over its real parts (thresholds, tracker, ranking, messages, local storage on
 * real files), with the node's pods and memory as the test sets them and a fake statvfs for the disk.
 */
class EvictionMonitorTest {

    private static final long MI = 1L << 20;

    @TempDir
    Path dir;

    private final Map<String, Pod> pods = new java.util.LinkedHashMap<>();
    private final Map<String, Map<String, Long>> memory = new HashMap<>();
    private final List<String> evicted = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<NodePressure> changes = new ArrayList<>();
    private final FakeFilesystemStats fs = new FakeFilesystemStats();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-10T10:00:00Z"));
    private boolean inProgress;


    @BeforeEach
    void proc() throws Exception {
        Files.createDirectories(dir.resolve("proc/sys/kernel"));
        Files.writeString(dir.resolve("proc/sys/kernel/pid_max"), "32768");
        Files.writeString(dir.resolve("proc/loadavg"), "0 0 0 1/100 1");
        fs.set(dir, new FsStats(1000 * MI, 900 * MI, 10_000, 9_000));
    }

    private EvictionMonitor monitor(String hard, String soft, String graces, int maxGrace, String transition) {
        EvictionSettings settings = EvictionSettings.of("n1", hard, soft, graces, maxGrace, transition, "10s", true,
                Optional.empty());
        LocalStorage storage = new LocalStorage((uid, name) -> dir.resolve("volumes").resolve(uid).resolve(name),
                p -> dir.resolve("logs").resolve(p.getMetadata().getName()));
        EvictionInputs inputs = new EvictionInputs() {
            @Override
            public List<Pod> activePods() {
                return pods.values().stream().filter(p -> !evicted.contains(p.getMetadata().getName())).toList();
            }

            @Override
            public MemoryUsage memory() {
                return new MemoryUsage(0, memory);
            }
        };
        PodEvictor evictor = new PodEvictor() {
            @Override
            public void evict(Pod pod, String message, Duration grace, boolean nodePressure) {
                evicted.add(pod.getMetadata().getName());
                evictions.add(message + "|" + grace + "|" + nodePressure);
                inProgress = true;
            }

            @Override
            public boolean inProgress() {
                return inProgress;
            }
        };
        return new EvictionMonitor("n1", settings, 600 * MI, new NodeSignals(fs, dir.resolve("volumes"), dir,
                new ProcessIds(dir.resolve("proc"))), storage, inputs, evictor,
                (reason, message) -> warnings.add(reason + ": " + message), changes::add, clock);
    }

    private final List<String> evictions = new ArrayList<>();

    private void run(Pod pod, Map<String, Long> containers) {
        pods.put(pod.getMetadata().getName(), pod);
        memory.put(pod.getMetadata().getUid(), containers);
    }

    private void gone(String name) {
        Pod pod = pods.remove(name);
        memory.remove(pod.getMetadata().getUid());
        inProgress = false;
    }

    @Test
    void aBestEffortHogIsEvictedAndAGuaranteedPodBesideItIsNot() {
        EvictionMonitor monitor = monitor("memory.available<200Mi", "", "", 0, "30s");
        run(pod("guaranteed", null, container("main", Map.of("memory", "100Mi", "cpu", "100m"),
                Map.of("memory", "100Mi", "cpu", "100m"))), Map.of("main", 60 * MI));
        run(pod("hog", null, container("hog", Map.of(), Map.of())), Map.of("hog", 200 * MI));
        monitor.check();
        assertEquals(NodePressure.NONE, monitor.pressure(), "600 - 260 = 340Mi left");
        memory.put("uid-hog", Map.of("hog", 450 * MI));
        monitor.check();
        assertEquals(Set.of(NodePressure.MEMORY), monitor.pressure().conditions());
        assertEquals(List.of(new NodePressure(Set.of(NodePressure.MEMORY))), changes);
        assertEquals(List.of("hog"), evicted);
        assertEquals(List.of("The node was low on resource: memory. Threshold quantity: 200Mi, available: 90Mi. "
                + "Container hog was using 450Mi, request is 0, has larger consumption of memory. |PT0S|true"), evictions);
        assertEquals(List.of("EvictionThresholdMet: Attempting to reclaim memory"), warnings);

        clock.advance(Duration.ofSeconds(10));
        monitor.check();
        assertEquals(List.of("hog"), evicted, "nothing more while the hog's eviction is under way");
        gone("hog");
        clock.advance(Duration.ofSeconds(10));
        monitor.check();
        assertEquals(Set.of(NodePressure.MEMORY), monitor.pressure().conditions(), "within the transition period");
        assertEquals(List.of("hog"), evicted, "the guaranteed pod stays");
        clock.advance(Duration.ofSeconds(30));
        monitor.check();
        assertEquals(NodePressure.NONE, monitor.pressure());
        assertEquals(2, changes.size());
    }

    @Test
    void diskPressureEvictsThePodHoldingTheMostDisk() throws Exception {
        EvictionMonitor monitor = monitor("nodefs.available<10%", "", "", 0, "30s");
        Pod writer = pod("writer", null, container("main", Map.of(), Map.of()));
        writer.getSpec().setVolumes(List.of(new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build()));
        Pod quiet = pod("quiet", null, container("main", Map.of(), Map.of()));
        run(writer, Map.of("main", MI));
        run(quiet, Map.of("main", 300 * MI));
        Files.createDirectories(dir.resolve("volumes/uid-writer/data"));
        Files.write(dir.resolve("volumes/uid-writer/data/blob"), new byte[3 << 20]);
        Files.createDirectories(dir.resolve("logs/quiet/main"));
        Files.write(dir.resolve("logs/quiet/main/0.log"), new byte[1 << 20]);
        monitor.check();
        assertEquals(NodePressure.NONE, monitor.pressure());
        fs.set(dir, new FsStats(1000 * MI, 50 * MI, 10_000, 9_000));
        monitor.check();
        assertEquals(Set.of(NodePressure.DISK), monitor.pressure().conditions());
        assertEquals(List.of("writer"), evicted);
        assertEquals("The node was low on resource: ephemeral-storage. Threshold quantity: 100Mi, available: 50Mi. |PT0S|true",
                evictions.get(0), "the writer's container logs nothing: its emptyDir is what it holds");
        assertEquals(List.of("EvictionThresholdMet: Attempting to reclaim ephemeral-storage"), warnings);
    }

    @Test
    void localStorageLimitsEvictWithoutAnyPressure() throws Exception {
        EvictionMonitor monitor = monitor("", "", "", 0, "30s");
        Pod filler = pod("filler", null, container("main", Map.of(), Map.of()));
        filler.getSpec().setVolumes(List.of(new VolumeBuilder().withName("scratch").withNewEmptyDir()
                .withSizeLimit(new Quantity("1Mi")).endEmptyDir().build()));
        run(filler, Map.of("main", MI));
        monitor.check();
        assertTrue(evicted.isEmpty());
        Files.createDirectories(dir.resolve("volumes/uid-filler/scratch"));
        Files.write(dir.resolve("volumes/uid-filler/scratch/fill"), new byte[5 << 20]);
        monitor.check();
        assertEquals(List.of("Usage of EmptyDir volume \"scratch\" exceeds the limit \"1Mi\". |PT0S|false"), evictions);
        assertEquals(NodePressure.NONE, monitor.pressure());
    }

    @Test
    void criticalPodsAreNeverEvicted() {
        EvictionMonitor monitor = monitor("memory.available<200Mi", "", "", 0, "30s");
        run(pod("system", 2_000_000_000, container("main", Map.of(), Map.of())), Map.of("main", 500 * MI));
        monitor.check();
        assertEquals(Set.of(NodePressure.MEMORY), monitor.pressure().conditions());
        assertTrue(evicted.isEmpty());
    }

    @Test
    void aSoftThresholdWaitsForItsGracePeriodAndCapsThePodsGrace() {
        EvictionMonitor monitor = monitor("", "memory.available<200Mi", "memory.available=30s", 5, "30s");
        Pod slow = pod("slow", null, container("main", Map.of(), Map.of()));
        slow.getSpec().setTerminationGracePeriodSeconds(60L);
        run(slow, Map.of("main", 500 * MI));
        monitor.check();
        assertEquals(Set.of(NodePressure.MEMORY), monitor.pressure().conditions());
        assertTrue(evicted.isEmpty(), "not yet met for 30 s");
        clock.advance(Duration.ofSeconds(30));
        monitor.check();
        assertEquals(List.of("slow"), evicted);
        assertTrue(evictions.get(0).endsWith("|PT5S|true"), evictions.get(0));
    }
}
