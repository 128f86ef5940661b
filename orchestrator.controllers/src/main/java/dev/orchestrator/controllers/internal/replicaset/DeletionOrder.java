package dev.orchestrator.controllers.internal.replicaset;

import dev.orchestrator.controllers.internal.pods.PodStates;
import dev.orchestrator.controllers.internal.Times;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Comparator;

/**
 * Which pods a ReplicaSet deletes first when it has too many, Kubernetes' order: not yet scheduled
 * before scheduled; Pending before Unknown before Running; not ready before ready; of two ready
 * pods the one ready for a shorter time; more container restarts first; then the newest first.
 * Losing the pods that serve least, and have cost least, keeps the service whole.
 */
final class DeletionOrder {

    static final Comparator<Pod> FIRST_TO_DELETE = Comparator
            .comparing((Pod p) -> scheduled(p))
            .thenComparing(DeletionOrder::phaseRank)
            .thenComparing(PodStates::ready)
            .thenComparing(DeletionOrder::readySince, Comparator.reverseOrder())
            .thenComparing(PodStates::restarts, Comparator.reverseOrder())
            .thenComparing(DeletionOrder::created, Comparator.reverseOrder());

    private DeletionOrder() {
    }

    private static boolean scheduled(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    private static int phaseRank(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (phase == null || "Pending".equals(phase)) {
            return 0;
        }
        return "Unknown".equals(phase) ? 1 : 2;
    }

    /** Only ready pods compare by this (others have {@link Instant#MIN}). */
    private static Instant readySince(Pod pod) {
        return PodStates.readySince(pod).orElse(Instant.MIN);
    }

    private static Instant created(Pod pod) {
        return Times.parse(pod.getMetadata().getCreationTimestamp()).orElse(Instant.MIN);
    }
}
