package dev.orchestrator.controllers.internal.replicaset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.api.controller.Lister;
import dev.orchestrator.controllers.internal.ownership.Claims;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaimsOfPodsTest {

    private final ReplicaSet rs = Pods.replicaSet(3, 0);

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).toList();
    }

    private static Pod relabeled(Pod pod, Map<String, String> labels) {
        return new PodBuilder(pod).editMetadata().withLabels(labels).endMetadata().build();
    }

    @Test
    void ownsAdoptsReleasesAndLeavesOthersAlone() {
        String t = "2026-01-01T00:00:00Z";
        Pod mine = Pods.ownedBy(Pods.pod("mine", "n1", "Running", t, t), rs);
        Pod orphan = Pods.pod("orphan", "n1", "Running", t, t);
        Pod stray = relabeled(Pods.ownedBy(Pods.pod("stray", "n1", "Running", t, t), rs), Map.of("app", "other"));
        Pod foreign = new PodBuilder(Pods.pod("foreign", "n1", "Running", t, t)).editMetadata()
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                        .withName("other").withUid("other-uid").withController(true).build()).endMetadata().build();
        Pod unrelated = relabeled(Pods.pod("unrelated", "n1", "Running", t, t), Map.of("app", "db"));
        Pod dyingOrphan = new PodBuilder(Pods.pod("dying", "n1", "Running", t, t)).editMetadata()
                .withDeletionTimestamp(t).endMetadata().build();

        Claims<Pod> claims = Claims.of(rs, rs.getSpec().getSelector(), List.of(mine, orphan, stray, foreign, unrelated, dyingOrphan));

        assertEquals(List.of("mine"), names(claims.owned()));
        assertEquals(List.of("orphan"), names(claims.orphans()));
        assertEquals(List.of("stray"), names(claims.strays()));
    }

    @Test
    void aReplicaSetBeingDeletedNeitherAdoptsNorReleases() {
        String t = "2026-01-01T00:00:00Z";
        ReplicaSet deleting = new ReplicaSetBuilder(rs).editMetadata().withDeletionTimestamp(t).endMetadata().build();
        Pod orphan = Pods.pod("orphan", "n1", "Running", t, t);
        Pod stray = relabeled(Pods.ownedBy(Pods.pod("stray", "n1", "Running", t, t), rs), Map.of("app", "other"));
        Claims<Pod> claims = Claims.of(deleting, rs.getSpec().getSelector(), List.of(orphan, stray));
        assertEquals(List.of(), claims.orphans());
        assertEquals(List.of(), claims.strays());
    }

    /** A cache read twice while the informer delivers: each call answers from the next snapshot. */
    private static Lister<Pod> changingBetweenReads(Map<String, List<Pod>> firstRead, Map<String, List<Pod>> secondRead) {
        List<Map<String, List<Pod>>> reads = new java.util.ArrayList<>(List.of(firstRead, secondRead));
        return new Lister<>() {
            public Optional<Pod> get(String namespace, String name) {
                throw new UnsupportedOperationException();
            }

            public List<Pod> list(String namespace) {
                throw new UnsupportedOperationException("claims read the controller index only");
            }

            public List<Pod> list(String namespace, LabelSelector selector) {
                throw new UnsupportedOperationException("claims read the controller index only");
            }

            public List<Pod> controlledBy(String namespace, String controllerUid) {
                return reads.remove(0).getOrDefault(controllerUid, List.of());
            }
        };
    }

    @Test
    void aPodAdoptedBetweenTheTwoIndexReadsIsOwnedOnce() {
        String t = "2026-01-01T00:00:00Z";
        Pod before = Pods.pod("p", "n1", "Running", t, t);
        Pod adopted = Pods.ownedBy(before, rs);
        // whichever order the claim reads in, the pod moves from "no controller" to "this ReplicaSet" in between
        Claims<Pod> claims = Claims.of(rs, rs.getSpec().getSelector(),
                changingBetweenReads(Map.of("", List.of(before)), Map.of("rs-uid", List.of(adopted), "", List.of())));

        assertEquals(List.of("p"), names(claims.owned()));
        assertEquals(List.of(), claims.orphans());
    }
}
