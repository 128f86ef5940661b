package dev.orchestrator.controllers.internal.replicaset;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.controllers.internal.pods.OwnedPodWrites;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Creates or deletes pods so that a ReplicaSet has {@code spec.replicas} active ones, at most
 * {@code burst} per reconcile, through {@link OwnedPodWrites} (slow-start batches, expectations, events).
 */
final class ReplicaSetScaling {

    private final OwnedPodWrites writes;
    private final int burst;

    ReplicaSetScaling(OwnedPodWrites writes, int burst) {
        this.writes = writes;
        this.burst = burst;
    }

    /** @return why creating or deleting failed, if it did */
    Optional<ReplicaSetStatusCalc.Failure> scale(ReplicaSet rs, List<Pod> active, Request key, Context context) {
        int replicas = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        int diff = active.size() - replicas;
        if (diff < 0) {
            List<ReplicaSet> creations = Collections.nCopies(Math.min(-diff, burst), rs);
            return failure("FailedCreate", writes.create(rs, creations, ReplicaSetPods::fromTemplate, key, context));
        }
        if (diff > 0) {
            List<Pod> victims = active.stream().sorted(DeletionOrder.FIRST_TO_DELETE).limit(Math.min(diff, burst)).toList();
            return failure("FailedDelete", writes.delete(rs, victims, key, context));
        }
        return Optional.empty();
    }

    private static Optional<ReplicaSetStatusCalc.Failure> failure(String reason, OwnedPodWrites.Outcome outcome) {
        return outcome.failure().map(message -> new ReplicaSetStatusCalc.Failure(reason, message));
    }
}
