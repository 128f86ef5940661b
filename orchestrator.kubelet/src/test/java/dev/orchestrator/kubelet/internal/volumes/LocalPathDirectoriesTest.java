package dev.orchestrator.kubelet.internal.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPathDirectoriesTest {

    private static final String NAME = "pvc-0f0e0d0c-1111-2222-3333-444455556666";

    @TempDir
    Path tmp;
    private final Map<String, PersistentVolume> api = new HashMap<>();
    private boolean apiDown;
    private LocalPathDirectories directories;
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        directories = new LocalPathDirectories(tmp.resolve("records"), name -> {
            if (apiDown) {
                throw new IllegalStateException("connection refused");
            }
            return Optional.ofNullable(api.get(name));
        });
        dir = Files.createDirectories(tmp.resolve("local-path").resolve(NAME + "_default_data-db-0"));
        Files.writeString(Files.createDirectories(dir.resolve("sub")).resolve("note"), "kept data");
    }

    private static PersistentVolume volume(String name, String uid, String policy, String provisioner) {
        return new PersistentVolumeBuilder().withNewMetadata().withName(name).withUid(uid)
                .addToAnnotations("pv.kubernetes.io/provisioned-by", provisioner).endMetadata()
                .withNewSpec().withPersistentVolumeReclaimPolicy(policy).endSpec().build();
    }

    private PersistentVolume used(String policy) {
        PersistentVolume pv = volume(NAME, "u1", policy, LocalPathDirectories.PROVISIONER);
        api.put(NAME, pv);
        directories.seen(pv, dir);
        return pv;
    }

    @Test
    void aDeletedVolumeWithDeleteLosesItsDirectoryOnlyOnceItIsGone() {
        used("Delete");
        assertEquals(List.of(), directories.cleanUp());
        assertTrue(Files.exists(dir.resolve("sub/note")));

        api.remove(NAME);
        assertEquals(List.of(dir), directories.cleanUp());
        assertFalse(Files.exists(dir));
        assertTrue(Files.isDirectory(dir.getParent()), "the class's root stays");
        assertEquals(List.of(), directories.cleanUp(), "forgotten once removed");
    }

    @Test
    void retainKeepsTheDataEvenWhenThePolicyChangedAfterTheVolumeWasUsed() {
        used("Delete");
        api.put(NAME, volume(NAME, "u1", "Retain", LocalPathDirectories.PROVISIONER));
        directories.cleanUp(); // sees the new policy
        api.remove(NAME);
        assertEquals(List.of(), directories.cleanUp());
        assertTrue(Files.exists(dir.resolve("sub/note")));
    }

    @Test
    void anApiThatCannotAnswerRemovesNothingAndTheNextRoundDoes() {
        used("Delete");
        api.remove(NAME);
        apiDown = true;
        assertEquals(List.of(), directories.cleanUp());
        assertTrue(Files.exists(dir));
        apiDown = false;
        assertEquals(List.of(dir), directories.cleanUp());
    }

    @Test
    void aVolumeMadeAgainUnderTheNameIsNotTheOneThatWasUsed() {
        used("Delete");
        api.put(NAME, volume(NAME, "u2", "Delete", LocalPathDirectories.PROVISIONER));
        assertEquals(List.of(dir), directories.cleanUp());
    }

    @Test
    void volumesOfOtherProvisionersAndOddPathsAreNeverRemembered() throws IOException {
        PersistentVolume other = volume(NAME, "u1", "Delete", "example.com/nfs");
        directories.seen(other, dir);
        directories.seen(volume("my-volume", "u1", "Delete", LocalPathDirectories.PROVISIONER), dir);
        directories.seen(volume(NAME, "u1", "Delete", LocalPathDirectories.PROVISIONER), tmp.resolve("elsewhere"));
        directories.seen(volume(NAME, "u1", "Delete", LocalPathDirectories.PROVISIONER), Path.of("relative", NAME + "_a_b"));
        api.clear();
        assertEquals(List.of(), directories.cleanUp());
        assertTrue(Files.exists(dir.resolve("sub/note")));
    }

    @Test
    void aLinkInTheDirectoryGoesWithoutWhatItPointsTo() throws IOException {
        Path outside = Files.writeString(tmp.resolve("outside"), "not the volume's");
        Files.createSymbolicLink(dir.resolve("link"), outside);
        used("Delete");
        api.remove(NAME);
        directories.cleanUp();
        assertFalse(Files.exists(dir));
        assertEquals("not the volume's", Files.readString(outside));
    }

    @Test
    void aRestartedKubeletStillKnowsWhatItUsed() {
        used("Delete");
        LocalPathDirectories restarted = new LocalPathDirectories(tmp.resolve("records"), name -> Optional.empty());
        assertEquals(List.of(dir), restarted.cleanUp());
    }
}
