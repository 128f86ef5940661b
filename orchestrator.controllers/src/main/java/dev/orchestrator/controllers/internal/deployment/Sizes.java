package dev.orchestrator.controllers.internal.deployment;

import dev.orchestrator.controllers.internal.Times;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.Comparator;

/**
 * The counts a rollout works with. Where a ReplicaSet's status may lag its spec (its controller
 * has not yet acted on a resize), the counts err on the safe side: pods are the larger of spec and
 * status, available pods never more than the spec keeps. So a rollout computed from a stale cache
 * may be slower, but never exceeds maxSurge nor goes below maxUnavailable.
 */
final class Sizes {

    /** Oldest first; by name when created in the same second. */
    static final Comparator<ReplicaSet> OLDEST_FIRST = Comparator
            .comparing((ReplicaSet rs) -> created(rs))
            .thenComparing(rs -> rs.getMetadata().getName());

    private Sizes() {
    }

    static int replicas(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    static int spec(ReplicaSet rs) {
        return rs == null || rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
    }

    static int actual(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
    }

    static int ready(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0
                : rs.getStatus().getReadyReplicas();
    }

    static int available(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null ? 0
                : rs.getStatus().getAvailableReplicas();
    }

    /** Pods the ReplicaSet may have right now: its spec, or more while its controller has not yet scaled it down. */
    static int pods(ReplicaSet rs) {
        return Math.max(spec(rs), actual(rs));
    }

    /** Available pods the ReplicaSet keeps: no more than its spec, since its controller deletes the rest. */
    static int keptAvailable(ReplicaSet rs) {
        return Math.min(available(rs), spec(rs));
    }

    static Instant created(ReplicaSet rs) {
        return Times.parse(rs.getMetadata().getCreationTimestamp()).orElse(Instant.MIN);
    }
}
