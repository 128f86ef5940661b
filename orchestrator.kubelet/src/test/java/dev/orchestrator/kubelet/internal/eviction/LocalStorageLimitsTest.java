package dev.orchestrator.kubelet.internal.eviction;

import static dev.orchestrator.kubelet.internal.eviction.Pods.container;
import static dev.orchestrator.kubelet.internal.eviction.Pods.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local storage limits measured on real files in a temporary directory laid out as the kubelet's. */
class LocalStorageLimitsTest {

    @TempDir
    Path dir;

    private LocalStorage storage() {
        return new LocalStorage((uid, name) -> dir.resolve("volumes").resolve(uid).resolve(name),
                p -> dir.resolve("logs").resolve(p.getMetadata().getName()));
    }

    private void write(Path file, int bytes) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }

    private static Pod withEmptyDir(Pod pod, String name, String medium, String sizeLimit) {
        pod.getSpec().setVolumes(List.of(new VolumeBuilder().withName(name).withNewEmptyDir().withMedium(medium)
                .withSizeLimit(sizeLimit == null ? null : new Quantity(sizeLimit)).endEmptyDir().build()));
        return pod;
    }

    @Test
    void anEmptyDirOverItsSizeLimitIsAViolation() throws Exception {
        Pod pod = withEmptyDir(pod("filler", null, container("main", Map.of(), Map.of())), "scratch", null, "1Mi");
        LocalStorageLimits limits = new LocalStorageLimits(storage());
        assertEquals(Optional.empty(), limits.violation(pod), "nothing written yet");
        write(dir.resolve("volumes/uid-filler/scratch/a"), 600 << 10);
        write(dir.resolve("volumes/uid-filler/scratch/deep/b"), 400 << 10);
        assertEquals(Optional.empty(), limits.violation(pod), "1000Ki is within 1Mi");
        write(dir.resolve("volumes/uid-filler/scratch/deep/c"), 100 << 10);
        assertEquals(Optional.of("Usage of EmptyDir volume \"scratch\" exceeds the limit \"1Mi\". "), limits.violation(pod));
    }

    @Test
    void aContainersLogsOverItsEphemeralStorageLimitIsAViolation() throws Exception {
        Pod pod = pod("chatty", null, container("main", Map.of(), Map.of("ephemeral-storage", "1Mi")),
                container("quiet", Map.of(), Map.of()));
        LocalStorageLimits limits = new LocalStorageLimits(storage());
        write(dir.resolve("logs/chatty/main/0.log"), 900 << 10);
        write(dir.resolve("logs/chatty/quiet/0.log"), 10 << 10);
        assertEquals(Optional.empty(), limits.violation(pod));
        write(dir.resolve("logs/chatty/main/0.log.20260101-000000"), 200 << 10);
        // the pod's total (1110Ki) is over the sum of its containers' limits (1Mi) before the container is looked at
        assertEquals(Optional.of("Pod ephemeral local storage usage exceeds the total limit of containers 1Mi. "),
                limits.violation(pod));
    }

    @Test
    void aContainerOverItsOwnLimitWithinThePodsTotal() throws Exception {
        Pod pod = pod("pair", null, container("a", Map.of(), Map.of("ephemeral-storage", "1Mi")),
                container("b", Map.of(), Map.of("ephemeral-storage", "10Mi")));
        write(dir.resolve("logs/pair/a/0.log"), 2 << 20);
        assertEquals(Optional.of("Container a exceeded its local ephemeral storage limit \"1Mi\". "),
                new LocalStorageLimits(storage()).violation(pod));
    }

    @Test
    void memoryEmptyDirsCountForTheirLimitButNotAsDisk() throws Exception {
        Pod pod = withEmptyDir(pod("ram", null, container("main", Map.of(), Map.of())), "cache", "Memory", null);
        write(dir.resolve("volumes/uid-ram/cache/x"), 5 << 20);
        assertEquals(0, storage().diskVolumes(pod).bytes());
        assertEquals(5 << 20, storage().volume(pod, "cache").bytes());
        Pod disk = withEmptyDir(pod("disk", null, container("main", Map.of(), Map.of())), "data", null, null);
        write(dir.resolve("volumes/uid-disk/data/x"), 3 << 20);
        write(dir.resolve("logs/disk/main/0.log"), 1 << 20);
        assertEquals(4 << 20, storage().total(disk).bytes());
        assertEquals(Optional.empty(), new LocalStorageLimits(storage()).violation(disk), "no limit declared");
    }
}
