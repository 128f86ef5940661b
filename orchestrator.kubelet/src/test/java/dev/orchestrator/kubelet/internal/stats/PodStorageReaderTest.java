package dev.orchestrator.kubelet.internal.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.kubelet.internal.eviction.FsStats;
import dev.orchestrator.kubelet.internal.eviction.LocalStorage;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pod's storage measured on real directories laid out as the kubelet lays them out. */
class PodStorageReaderTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final FsStats NODE_FS = new FsStats(1000_000, 400_000, 5000, 4000, 550_000);

    @TempDir
    Path dir;

    @Test
    void emptyDirsAreListedAndTheDiskOnesCountWithLogsAndConfigMaps() throws Exception {
        Pod pod = new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("u1").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("main").endContainer()
                .addNewContainer().withName("side").endContainer()
                .withVolumes(new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build(),
                        new VolumeBuilder().withName("mem").withNewEmptyDir().withMedium("Memory").endEmptyDir().build(),
                        new VolumeBuilder().withName("cfg").withNewConfigMap().withName("c").endConfigMap().build(),
                        new VolumeBuilder().withName("sec").withNewSecret().withSecretName("s").endSecret().build())
                .endSpec().build();
        Path volumes = dir.resolve("volumes/u1");
        write(volumes.resolve("scratch/a"), 3 * 1024 * 1024);
        write(volumes.resolve("scratch/sub/b"), 1000);
        write(volumes.resolve("mem/m"), 700);
        write(volumes.resolve("cfg/key"), 30);
        write(volumes.resolve("sec/token"), 40);
        Path logs = dir.resolve("logs/default_web_u1");
        write(logs.resolve("main/0.log"), 100);
        write(logs.resolve("main/1.log"), 50);
        // docker's log lives in its data root; the kubelet's path is a link to it
        write(dir.resolve("docker/side-json.log"), 500);
        Files.createDirectories(logs.resolve("side"));
        Files.createSymbolicLink(logs.resolve("side/0.log"), dir.resolve("docker/side-json.log"));

        LocalStorage local = new LocalStorage((uid, name) -> dir.resolve("volumes").resolve(uid).resolve(name),
                p -> logs);
        PodStorage s = new PodStorageReader(local).read(pod, Map.of("main", logs.resolve("main/1.log"),
                "side", logs.resolve("side/0.log")), T0, Optional.of(NODE_FS));

        assertEquals(List.of("scratch", "mem"), List.copyOf(s.volumes().keySet()));
        FsUsage scratch = s.volumes().get("scratch");
        assertEquals(3 * 1024 * 1024 + 1000, scratch.usedBytes());
        assertEquals(4, scratch.inodesUsed(), "scratch, sub and two files");
        assertEquals(Optional.of(NODE_FS), scratch.filesystem());
        assertEquals(new FsUsage(T0, 700, 2, Optional.empty()), s.volumes().get("mem"),
                "a memory emptyDir is on a tmpfs of its own");
        assertEquals(new FsUsage(T0, 150, 3, Optional.of(NODE_FS)), s.logs().get("main"));
        assertEquals(new FsUsage(T0, 500, 2, Optional.of(NODE_FS)), s.logs().get("side"),
                "the linked file's bytes, the link's inode");
        long cfg = 30;
        assertEquals(3 * 1024 * 1024 + 1000 + cfg + 150 + 500, s.ephemeral().usedBytes(),
                "disk volumes and logs; not the memory emptyDir nor the secret");
        assertEquals(4 + 2 + 3 + 2, s.ephemeral().inodesUsed());
        assertEquals(T0, s.ephemeral().time());
    }

    @Test
    void aPodThatHasWrittenNothingUsesNothing() throws Exception {
        Pod pod = new PodBuilder().withNewMetadata().withUid("u2").endMetadata().withNewSpec()
                .addNewContainer().withName("main").endContainer()
                .withVolumes(new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build())
                .endSpec().build();
        LocalStorage local = new LocalStorage((uid, name) -> dir.resolve(uid).resolve(name), p -> dir.resolve("none"));
        PodStorage s = new PodStorageReader(local).read(pod, Map.of(), T0, Optional.empty());
        assertEquals(new FsUsage(T0, 0, 0, Optional.empty()), s.ephemeral());
        assertEquals(new FsUsage(T0, 0, 0, Optional.empty()), s.volumes().get("scratch"));
        assertEquals(new FsUsage(T0, 0, 0, Optional.empty()), s.logs().get("main"));
    }

    private static void write(Path file, int bytes) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }
}
