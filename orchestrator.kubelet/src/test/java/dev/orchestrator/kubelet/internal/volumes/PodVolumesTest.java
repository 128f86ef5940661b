package dev.orchestrator.kubelet.internal.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.ContainerConfig.Mount;
import dev.orchestrator.kubelet.internal.ConfigSources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The volume life cycle on a temp dir, with a recording stand-in for tmpfs (no root needed). */
class PodVolumesTest {

    @TempDir
    Path root;

    private final Map<String, Map<String, String>> configMaps = new HashMap<>();
    private final List<String> events = new ArrayList<>();
    private final RecordingTmpfs tmpfs = new RecordingTmpfs();
    private PodVolumes volumes;

    /** Remembers what it "mounted" as a set of directories. */
    private static final class RecordingTmpfs implements TmpfsMounter {
        final List<Path> mounted = new ArrayList<>();
        final Map<Path, OptionalLong> sizes = new HashMap<>();
        int mounts;

        @Override
        public boolean ensureMounted(Path dir, OptionalLong sizeBytes) {
            if (mounted.contains(dir)) {
                return false;
            }
            mounts++;
            mounted.add(dir);
            sizes.put(dir, sizeBytes);
            return true;
        }

        @Override
        public boolean isMounted(Path dir) {
            return mounted.contains(dir);
        }

        @Override
        public List<Path> mountedUnder(Path dir) {
            return mounted.stream().filter(p -> p.startsWith(dir)).toList();
        }

        @Override
        public void unmount(Path mountPoint) {
            mounted.remove(mountPoint);
        }
    }

    private PodVolumes volumes() {
        return volumes(ClaimPaths.NONE);
    }

    private PodVolumes volumes(ClaimPaths claims) {
        ConfigSources sources = new ConfigSources() {
            @Override
            public Optional<Map<String, String>> configMap(String namespace, String name) {
                return Optional.ofNullable(configMaps.get(name));
            }

            @Override
            public Optional<Map<String, String>> secret(String namespace, String name) {
                return "creds".equals(name) ? Optional.of(Map.of("password", "s3cret")) : Optional.empty();
            }
        };
        DownwardValues downward = new DownwardValues() {
            @Override
            public String field(Pod pod, String fieldPath) {
                return pod.getMetadata().getName();
            }

            @Override
            public String resource(Pod pod, ResourceFieldSelector selector) {
                return "1";
            }
        };
        return new PodVolumes(root, tmpfs, sources, downward, (pod, message) -> events.add(message), claims);
    }

    private static Pod pod(Volume... volumes) {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("shop").withUid("uid-1").endMetadata()
                .withNewSpec().withVolumes(volumes).endSpec().build();
    }

    @Test
    void emptyDirsAreWorldWritableAndMemoryOnesAreTmpfsOfTheSizeLimit() throws Exception {
        volumes = volumes();
        Pod pod = pod(new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("fast").withNewEmptyDir().withMedium("Memory")
                        .withSizeLimit(new Quantity("64Mi")).endEmptyDir().build());
        volumes.setUp(pod);
        Path scratch = volumes.volumeDir("uid-1", "scratch");
        assertEquals(0777, AtomicWriter.mode(scratch));
        assertEquals(List.of(volumes.volumeDir("uid-1", "fast")), tmpfs.mounted);
        assertEquals(OptionalLong.of(64L * 1024 * 1024), tmpfs.sizes.get(volumes.volumeDir("uid-1", "fast")));
        // a second sync (or a new kubelet) keeps the data and mounts nothing again
        Files.writeString(scratch.resolve("work"), "in progress");
        volumes().setUp(pod);
        assertEquals("in progress", Files.readString(scratch.resolve("work")));
        assertEquals(1, tmpfs.mounts);
    }

    @Test
    void aMissingConfigMapBlocksThePodUntilItAppearsAndFollowsItsChanges() throws Exception {
        volumes = volumes();
        Pod pod = pod(new VolumeBuilder().withName("config").withNewConfigMap().withName("app").endConfigMap().build());
        VolumeSetupException e = assertThrows(VolumeSetupException.class, () -> volumes.setUp(pod));
        assertEquals("MountVolume.SetUp failed for volume \"config\" : configmap \"app\" not found", e.getMessage());
        assertEquals(List.of(e.getMessage()), events);
        configMaps.put("app", Map.of("mode", "fast"));
        volumes.setUp(pod);
        Path file = volumes.volumeDir("uid-1", "config").resolve("mode");
        assertEquals("fast", Files.readString(file));
        configMaps.put("app", Map.of("mode", "turbo"));
        volumes.setUp(pod);
        assertEquals("turbo", Files.readString(file));
        // deleted under a running pod: the files stay, an event tells, the pod is not blocked
        configMaps.remove("app");
        volumes.setUp(pod);
        assertEquals("turbo", Files.readString(file));
        assertEquals(2, events.size());
    }

    @Test
    void secretsDownwardApiAndProjectedVolumesLiveOnTmpfs() throws Exception {
        volumes = volumes();
        Pod pod = pod(new VolumeBuilder().withName("creds").withNewSecret().withSecretName("creds").endSecret().build(),
                new VolumeBuilder().withName("info").withNewDownwardAPI().addNewItem().withPath("name")
                        .withNewFieldRef(null, "metadata.name").endItem().endDownwardAPI().build(),
                new VolumeBuilder().withName("cm").withNewConfigMap().withName("absent").withOptional(true).endConfigMap().build());
        volumes.setUp(pod);
        assertEquals(List.of(volumes.volumeDir("uid-1", "creds"), volumes.volumeDir("uid-1", "info")), tmpfs.mounted);
        assertEquals("s3cret", Files.readString(volumes.volumeDir("uid-1", "creds").resolve("password")));
        assertEquals("web", Files.readString(volumes.volumeDir("uid-1", "info").resolve("name")));
        assertTrue(Files.isSymbolicLink(volumes.volumeDir("uid-1", "cm").resolve("..data"))); // optional: empty
        assertTrue(events.isEmpty(), events.toString());
    }

    @Test
    void tearDownUnmountsThenRemovesThePodsDirectory() throws Exception {
        volumes = volumes();
        volumes.setUp(pod(new VolumeBuilder().withName("creds").withNewSecret().withSecretName("creds").endSecret().build(),
                new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build()));
        assertEquals(Set.of("uid-1"), volumes.podsOnDisk());
        assertTrue(volumes.tearDown("uid-1"));
        assertTrue(tmpfs.mounted.isEmpty());
        assertFalse(Files.exists(root.resolve("uid-1")));
        assertEquals(Set.of(), volumes.podsOnDisk());
        assertTrue(volumes.tearDown("uid-1"));
    }

    @Test
    void unsupportedVolumesAndBadHostPathsSayWhy(@TempDir Path host) throws Exception {
        volumes = volumes();
        Path file = Files.writeString(host.resolve("file"), "x");
        Pod pod = pod(new VolumeBuilder().withName("h").withNewHostPath().withPath(file.toString()).withType("Directory")
                .endHostPath().build());
        assertEquals("MountVolume.SetUp failed for volume \"h\" : hostPath type check failed: " + file + " is not a directory",
                assertThrows(VolumeSetupException.class, () -> volumes.setUp(pod)).getMessage());
        Pod pvc = pod(new VolumeBuilder().withName("data").withNewPersistentVolumeClaim().withClaimName("c")
                .endPersistentVolumeClaim().build());
        assertEquals("MountVolume.SetUp failed for volume \"data\" : persistentvolumeclaim \"c\": this kubelet mounts "
                + "no claims", assertThrows(VolumeSetupException.class, () -> volumes.setUp(pvc)).getMessage());
        Pod nfs = pod(new VolumeBuilder().withName("shared").withNewNfs().withServer("10.0.0.1").withPath("/x").endNfs()
                .build());
        assertTrue(assertThrows(VolumeSetupException.class, () -> volumes.setUp(nfs)).getMessage()
                .contains("supports emptyDir, hostPath, persistentVolumeClaim, configMap, secret, downwardAPI and "
                        + "projected volumes only"));
    }

    @Test
    void aBoundClaimIsMountedFromItsVolumesDirectory(@TempDir Path host) throws Exception {
        Path data = host.resolve("pvc-1");
        volumes = volumes((namespace, claim) -> {
            if (!claim.equals("data-0")) {
                throw new VolumeSetupException("persistentvolumeclaim \"" + claim + "\" is not bound yet");
            }
            return data;
        });
        Pod pod = pod(new VolumeBuilder().withName("data").withNewPersistentVolumeClaim().withClaimName("data-0")
                .endPersistentVolumeClaim().build());
        volumes.setUp(pod);
        assertTrue(Files.isDirectory(data), "made when missing");
        var container = new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("c").addNewVolumeMount()
                .withName("data").withMountPath("/data").endVolumeMount().build();
        var mount = new ContainerMounts(volumes).of(pod, container, s -> s).get(0);
        assertEquals(data.toString(), mount.hostPath());
        assertFalse(mount.readOnly());
        assertTrue(volumes.tearDown(pod.getMetadata().getUid()));
        assertTrue(Files.isDirectory(data), "a claim's data outlives the pod");
        Pod waiting = pod(new VolumeBuilder().withName("data").withNewPersistentVolumeClaim().withClaimName("data-1")
                .endPersistentVolumeClaim().build());
        assertTrue(assertThrows(VolumeSetupException.class, () -> volumes.setUp(waiting)).getMessage()
                .endsWith("persistentvolumeclaim \"data-1\" is not bound yet"));
    }

    @Test
    void mountsNarrowBySubPathAreReadOnlyForApiDataAndRefuseEscapes(@TempDir Path outside) throws Exception {
        volumes = volumes();
        configMaps.put("app", Map.of("mode", "fast"));
        Pod pod = pod(new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("config").withNewConfigMap().withName("app").endConfigMap().build(),
                new VolumeBuilder().withName("host").withNewHostPath().withPath(outside.toString()).endHostPath().build());
        volumes.setUp(pod);
        Container c = new ContainerBuilder().withName("main")
                .addNewVolumeMount().withName("scratch").withMountPath("/data").withSubPathExpr("$(POD)/logs").endVolumeMount()
                .addNewVolumeMount().withName("config").withMountPath("/etc/mode").withSubPath("mode").endVolumeMount()
                .addNewVolumeMount().withName("host").withMountPath("/host").withReadOnly(true).endVolumeMount().build();
        List<Mount> mounts = new ContainerMounts(volumes).of(pod, c, s -> s.replace("$(POD)", "web"));
        Path scratch = volumes.volumeDir("uid-1", "scratch").toRealPath();
        assertEquals(new Mount("/data", scratch.resolve("web/logs").toString(), false), mounts.get(0));
        assertTrue(Files.isDirectory(scratch.resolve("web/logs")));
        assertTrue(mounts.get(1).readOnly());
        assertEquals("fast", Files.readString(Path.of(mounts.get(1).hostPath())));
        assertEquals(new Mount("/host", outside.toString(), true), mounts.get(2));

        Files.createSymbolicLink(scratch.resolve("escape"), outside);
        Container evil = new ContainerBuilder().withName("evil")
                .addNewVolumeMount().withName("scratch").withMountPath("/x").withSubPath("escape").endVolumeMount().build();
        assertTrue(assertThrows(VolumeSetupException.class, () -> new ContainerMounts(volumes).of(pod, evil, s -> s))
                .getMessage().contains("leads out of the volume"));
        Container dots = new ContainerBuilder().withName("dots")
                .addNewVolumeMount().withName("scratch").withMountPath("/x").withSubPath("../../etc").endVolumeMount().build();
        assertThrows(VolumeSetupException.class, () -> new ContainerMounts(volumes).of(pod, dots, s -> s));
    }

    @Test
    void hostPathTypesCreateOrCheck(@TempDir Path host) throws Exception {
        HostPathCheck.check(host.resolve("made/dir").toString(), "DirectoryOrCreate");
        assertTrue(Files.isDirectory(host.resolve("made/dir")));
        HostPathCheck.check(host.resolve("made/file").toString(), "FileOrCreate");
        assertEquals(0644, AtomicWriter.mode(host.resolve("made/file")));
        HostPathCheck.check(host.resolve("made/file").toString(), "File");
        HostPathCheck.check(host.toString(), "Directory");
        HostPathCheck.check(host.resolve("anything").toString(), "");
        assertThrows(VolumeSetupException.class, () -> HostPathCheck.check(host.resolve("no/parent").toString(), "FileOrCreate"));
        assertThrows(VolumeSetupException.class, () -> HostPathCheck.check(host.resolve("made/file").toString(), "DirectoryOrCreate"));
        assertTrue(assertThrows(VolumeSetupException.class, () -> HostPathCheck.check(host.toString(), "Socket"))
                .getMessage().endsWith("is not a socket file"));
        assertTrue(assertThrows(VolumeSetupException.class, () -> HostPathCheck.check("/dev/null", "BlockDevice"))
                .getMessage().endsWith("is not a block device"));
        HostPathCheck.check("/dev/null", "CharDevice");
        assertThrows(VolumeSetupException.class, () -> HostPathCheck.check("relative", ""));
        assertThrows(VolumeSetupException.class, () -> HostPathCheck.check(host.toString(), "Bogus"));
    }

    @Test
    void mountinfoEscapesAreDecoded() throws IOException {
        assertEquals("/var/lib/a b\\c", MountCommandTmpfs.unescape("/var/lib/a\\040b\\134c"));
        assertTrue(MountCommandTmpfs.mountPoints().contains(Path.of("/")));
    }
}
