package dev.orchestrator.controllers.internal.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StorageInUseTest {

    private static Pod pod(String node, String phase) {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(node)
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("data").endPersistentVolumeClaim().endVolume()
                .addNewVolume().withName("scratch").withNewEphemeral().endEphemeral().endVolume()
                .addNewVolume().withName("cfg").withNewConfigMap().withName("cfg").endConfigMap().endVolume()
                .endSpec().withNewStatus().withPhase(phase).endStatus().build();
    }

    private static PersistentVolumeClaim claim(String name, String uid) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace("default").withUid(uid)
                .endMetadata().build();
    }

    @Test
    void aPodMountsItsClaimsByNameAndItsEphemeralVolumesClaims() {
        assertEquals(Set.of("data", "web-scratch"), StorageInUse.claimsOf(pod("n1", "Running")));
    }

    @Test
    void onlyAPodOnANodeThatHasNotFinishedKeepsAClaim() {
        assertTrue(StorageInUse.claimInUse(claim("data", "u1"), List.of(pod("n1", "Running"))));
        assertTrue(StorageInUse.claimInUse(claim("web-scratch", "u1"), List.of(pod("n1", "Pending"))));
        assertFalse(StorageInUse.claimInUse(claim("data", "u1"), List.of(pod(null, "Pending"))), "not scheduled");
        assertFalse(StorageInUse.claimInUse(claim("data", "u1"), List.of(pod("n1", "Succeeded"))));
        assertFalse(StorageInUse.claimInUse(claim("data", "u1"), List.of(pod("n1", "Failed"))));
        assertFalse(StorageInUse.claimInUse(claim("other", "u1"), List.of(pod("n1", "Running"))));
        assertFalse(StorageInUse.claimInUse(claim("cfg", "u1"), List.of(pod("n1", "Running"))), "a ConfigMap volume");
    }

    @Test
    void aVolumeIsInUseWhileTheClaimItIsBoundToExists() {
        PersistentVolume bound = new PersistentVolumeBuilder().withNewMetadata().withName("pv-1").endMetadata()
                .withNewSpec().withNewClaimRef().withNamespace("default").withName("data").withUid("u1").endClaimRef()
                .endSpec().build();
        assertTrue(StorageInUse.volumeInUse(bound, Optional.of(claim("data", "u1"))));
        assertFalse(StorageInUse.volumeInUse(bound, Optional.of(claim("data", "u2"))), "a new claim under the old name");
        assertFalse(StorageInUse.volumeInUse(bound, Optional.empty()));
        PersistentVolume free = new PersistentVolumeBuilder().withNewMetadata().withName("pv-2").endMetadata()
                .withNewSpec().endSpec().build();
        assertFalse(StorageInUse.volumeInUse(free, Optional.of(claim("data", "u1"))));
    }

    @Test
    void aFinalizerHoldsOnlyAnObjectBeingDeleted() {
        PersistentVolumeClaim live = new PersistentVolumeClaimBuilder(claim("data", "u1")).editMetadata()
                .addToFinalizers(StorageInUse.CLAIM_FINALIZER).endMetadata().build();
        assertFalse(StorageInUse.held(live, StorageInUse.CLAIM_FINALIZER));
        PersistentVolumeClaim deleting = new PersistentVolumeClaimBuilder(live).editMetadata()
                .withDeletionTimestamp("2026-12-07T08:00:00Z").endMetadata().build();
        assertTrue(StorageInUse.held(deleting, StorageInUse.CLAIM_FINALIZER));
        assertFalse(StorageInUse.held(deleting, StorageInUse.VOLUME_FINALIZER));
    }
}
