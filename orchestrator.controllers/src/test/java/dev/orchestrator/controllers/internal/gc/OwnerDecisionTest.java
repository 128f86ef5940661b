package dev.orchestrator.controllers.internal.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OwnerDecisionTest {

    private static ReplicaSet owner(String... finalizers) {
        return new ReplicaSetBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("rs-1")
                .withDeletionTimestamp("2026-12-03T10:00:00Z").withFinalizers(finalizers).endMetadata().build();
    }

    private static Pod pod(String uid, Boolean blocks) {
        return new PodBuilder().withNewMetadata().withName("p-" + uid).withNamespace("ns").withUid(uid)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("web").withUid("rs-1")
                .withBlockOwnerDeletion(blocks).endOwnerReference().endMetadata().build();
    }

    @Test
    void orphanFinalizerGoesOnceNoDependentReferencesTheOwner() {
        assertEquals(Optional.empty(), OwnerDecision.finalizerToRemove(owner("orphan"), List.of(pod("p1", true))));
        assertEquals(Optional.of("orphan"), OwnerDecision.finalizerToRemove(owner("orphan"), List.of()));
    }

    @Test
    void foregroundFinalizerWaitsOnlyForBlockingDependents() {
        assertEquals(Optional.empty(), OwnerDecision.finalizerToRemove(owner("foregroundDeletion"),
                List.of(pod("p1", false), pod("p2", true))));
        assertEquals(Optional.of("foregroundDeletion"), OwnerDecision.finalizerToRemove(owner("foregroundDeletion"),
                List.of(pod("p1", false), pod("p3", null))));
        assertEquals(Optional.of("foregroundDeletion"), OwnerDecision.finalizerToRemove(owner("foregroundDeletion"),
                List.of()));
    }

    @Test
    void otherFinalizersAndLiveOwnersAreNotTheCollectorsBusiness() {
        assertEquals(Optional.empty(), OwnerDecision.finalizerToRemove(owner("example.com/keep"), List.of()));
        ConfigMap live = new ConfigMapBuilder().withNewMetadata().withName("c").withUid("c-1")
                .withFinalizers("orphan").endMetadata().build();
        assertEquals(Optional.empty(), OwnerDecision.finalizerToRemove(live, List.of()));
    }

    @Test
    void ownerStateFollowsTheFinalizers() {
        assertEquals(OwnerState.ORPHANING, OwnerState.of(owner("orphan")));
        assertEquals(OwnerState.FOREGROUND, OwnerState.of(owner("foregroundDeletion")));
        assertEquals(OwnerState.PRESENT, OwnerState.of(owner("example.com/keep")));
        assertEquals(OwnerState.PRESENT, OwnerState.of(pod("p1", true)));
    }
}
