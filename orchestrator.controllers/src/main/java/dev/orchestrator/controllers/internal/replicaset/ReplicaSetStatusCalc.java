package dev.orchestrator.controllers.internal.replicaset;

import dev.orchestrator.controllers.internal.pods.PodStates;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A ReplicaSet's status from its active pods: replicas, fullyLabeledReplicas (pods carrying every
 * template label), readyReplicas, availableReplicas (ready for minReadySeconds), observedGeneration,
 * and the ReplicaFailure condition while creating or deleting pods fails.
 */
final class ReplicaSetStatusCalc {

    static final String REPLICA_FAILURE = "ReplicaFailure";

    private ReplicaSetStatusCalc() {
    }

    /**
     * @param failure the reason ({@code FailedCreate}/{@code FailedDelete}) and message of the last
     *     manage step's failure; empty when it succeeded (which clears the condition)
     */
    static ReplicaSetStatus compute(ReplicaSet rs, List<Pod> active, Optional<Failure> failure, Instant now) {
        Map<String, String> templateLabels = rs.getSpec().getTemplate() == null
                || rs.getSpec().getTemplate().getMetadata() == null
                || rs.getSpec().getTemplate().getMetadata().getLabels() == null
                ? Map.of() : rs.getSpec().getTemplate().getMetadata().getLabels();
        int minReady = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (Pod pod : active) {
            Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
            if (labels.entrySet().containsAll(templateLabels.entrySet())) {
                fullyLabeled++;
            }
            if (PodStates.ready(pod)) {
                ready++;
                if (PodStates.available(pod, minReady, now)) {
                    available++;
                }
            }
        }
        List<ReplicaSetCondition> conditions = new ArrayList<>();
        ReplicaSetStatus old = rs.getStatus();
        if (old != null) {
            old.getConditions().stream().filter(c -> !REPLICA_FAILURE.equals(c.getType())).forEach(conditions::add);
        }
        Optional<ReplicaSetCondition> previous = old == null ? Optional.empty()
                : old.getConditions().stream().filter(c -> REPLICA_FAILURE.equals(c.getType())).findFirst();
        failure.ifPresent(f -> conditions.add(previous.filter(p -> "True".equals(p.getStatus())).orElseGet(() ->
                new ReplicaSetConditionBuilder().withType(REPLICA_FAILURE).withStatus("True")
                        .withReason(f.reason()).withMessage(f.message())
                        .withLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString()).build())));
        return new ReplicaSetStatusBuilder()
                .withReplicas(active.size())
                .withFullyLabeledReplicas(fullyLabeled)
                .withReadyReplicas(ready)
                .withAvailableReplicas(available)
                .withObservedGeneration(rs.getMetadata().getGeneration())
                .withConditions(conditions)
                .build();
    }

    /** True when writing {@code next} would change what the API holds (zero and absent counts are equal). */
    static boolean differs(ReplicaSetStatus current, ReplicaSetStatus next) {
        if (current == null) {
            return true;
        }
        return n(current.getReplicas()) != n(next.getReplicas())
                || n(current.getFullyLabeledReplicas()) != n(next.getFullyLabeledReplicas())
                || n(current.getReadyReplicas()) != n(next.getReadyReplicas())
                || n(current.getAvailableReplicas()) != n(next.getAvailableReplicas())
                || !Objects.equals(current.getObservedGeneration(), next.getObservedGeneration())
                || !current.getConditions().equals(next.getConditions());
    }

    private static int n(Integer value) {
        return value == null ? 0 : value;
    }

    /** Why the last manage step failed: a condition reason and the API's message. */
    record Failure(String reason, String message) {
    }
}
