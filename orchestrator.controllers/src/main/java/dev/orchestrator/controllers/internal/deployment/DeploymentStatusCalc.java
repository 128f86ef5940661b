package dev.orchestrator.controllers.internal.deployment;

import static dev.orchestrator.controllers.internal.deployment.DeploymentConditions.condition;

import dev.orchestrator.controllers.internal.Times;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A Deployment's status from its ReplicaSets: the counts, the Available condition, the Progressing
 * condition (paused, progressing, complete, or past its progress deadline) and ReplicaFailure
 * copied from a ReplicaSet whose pods are refused.
 */
final class DeploymentStatusCalc {

    private DeploymentStatusCalc() {
    }

    /** Counts, Available, paused/resumed and ReplicaFailure; the other conditions as they were. */
    static DeploymentStatus compute(Deployment d, ReplicaSet newRs, List<ReplicaSet> all, Instant now) {
        DeploymentStatus old = d.getStatus();
        int replicas = Sizes.replicas(d);
        int available = all.stream().mapToInt(Sizes::available).sum();
        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(all.stream().mapToInt(Sizes::actual).sum())
                .withUpdatedReplicas(Sizes.actual(newRs))
                .withReadyReplicas(all.stream().mapToInt(Sizes::ready).sum())
                .withAvailableReplicas(available)
                .withUnavailableReplicas(Math.max(0, replicas - available))
                .withCollisionCount(old == null ? null : old.getCollisionCount())
                .withConditions(old == null ? List.of() : old.getConditions())
                .build();
        if (available >= replicas - Fenceposts.of(d).unavailableWithin(replicas)) {
            DeploymentConditions.set(status, condition(DeploymentConditions.AVAILABLE, "True",
                    DeploymentConditions.MINIMUM_AVAILABLE, "Deployment has minimum availability.", now));
        } else {
            DeploymentConditions.set(status, condition(DeploymentConditions.AVAILABLE, "False",
                    DeploymentConditions.MINIMUM_UNAVAILABLE, "Deployment does not have minimum availability.", now));
        }
        pausedOrResumed(d, status, now);
        Optional<ReplicaSetCondition> failure = all.stream()
                .flatMap(rs -> rs.getStatus() == null ? java.util.stream.Stream.empty() : rs.getStatus().getConditions().stream())
                .filter(c -> DeploymentConditions.REPLICA_FAILURE.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
        if (failure.isPresent()) {
            DeploymentConditions.set(status, condition(DeploymentConditions.REPLICA_FAILURE, "True",
                    failure.get().getReason(), failure.get().getMessage(), now));
        } else {
            DeploymentConditions.remove(status, DeploymentConditions.REPLICA_FAILURE);
        }
        return status;
    }

    private static void pausedOrResumed(Deployment d, DeploymentStatus status, Instant now) {
        if (!hasProgressDeadline(d) || DeploymentConditions.hasReason(status, DeploymentConditions.PROGRESSING,
                DeploymentConditions.TIMED_OUT)) {
            return;
        }
        boolean pausedNoted = DeploymentConditions.hasReason(status, DeploymentConditions.PROGRESSING, DeploymentConditions.PAUSED);
        if (paused(d) && !pausedNoted) {
            DeploymentConditions.renew(status, condition(DeploymentConditions.PROGRESSING, "Unknown",
                    DeploymentConditions.PAUSED, "Deployment is paused", now));
        } else if (!paused(d) && pausedNoted) {
            DeploymentConditions.renew(status, condition(DeploymentConditions.PROGRESSING, "Unknown",
                    DeploymentConditions.RESUMED, "Deployment is resumed", now));
        }
    }

    /**
     * The Progressing condition after a rollout step: complete, progressing (any count moved the
     * right way since the status the Deployment has), or timed out when nothing moved for
     * {@code progressDeadlineSeconds}.
     *
     * @param noted a condition the step itself set (new ReplicaSet created or found), if any
     * @return when to look again for the deadline, if the rollout is still under way
     */
    static Optional<Duration> progress(Deployment d, ReplicaSet newRs, DeploymentStatus status,
                                       Optional<DeploymentCondition> noted, Instant now) {
        if (!hasProgressDeadline(d)) {
            DeploymentConditions.remove(status, DeploymentConditions.PROGRESSING);
            return Optional.empty();
        }
        noted.ifPresent(c -> DeploymentConditions.set(status, c));
        boolean alreadyComplete = status.getReplicas().equals(status.getAvailableReplicas())
                && DeploymentConditions.hasReason(status, DeploymentConditions.PROGRESSING, DeploymentConditions.NEW_RS_AVAILABLE);
        if (alreadyComplete) {
            return Optional.empty();
        }
        String rsName = newRs == null ? "" : newRs.getMetadata().getName();
        if (complete(d, status)) {
            if (newRs != null) {
                DeploymentConditions.set(status, condition(DeploymentConditions.PROGRESSING, "True",
                        DeploymentConditions.NEW_RS_AVAILABLE, "ReplicaSet \"" + rsName + "\" has successfully progressed.", now));
            }
            return Optional.empty();
        }
        if (progressed(d.getStatus(), status)) {
            DeploymentConditions.renew(status, condition(DeploymentConditions.PROGRESSING, "True",
                    DeploymentConditions.RS_UPDATED, "ReplicaSet \"" + rsName + "\" is progressing.", now));
        } else if (timedOut(d, status, now)) {
            DeploymentConditions.set(status, condition(DeploymentConditions.PROGRESSING, "False",
                    DeploymentConditions.TIMED_OUT, "ReplicaSet \"" + rsName + "\" has timed out progressing.", now));
            return Optional.empty();
        }
        return DeploymentConditions.get(status, DeploymentConditions.PROGRESSING)
                .filter(c -> !DeploymentConditions.TIMED_OUT.equals(c.getReason()))
                .flatMap(c -> Times.parse(c.getLastUpdateTime()))
                .map(since -> Duration.between(now, since.plusSeconds(d.getSpec().getProgressDeadlineSeconds()))
                        .plusSeconds(1))
                .map(wait -> wait.isNegative() ? Duration.ofSeconds(1) : wait);
    }

    /** Every pod updated and available, none of an old template left, the latest spec seen. */
    static boolean complete(Deployment d, DeploymentStatus status) {
        int replicas = Sizes.replicas(d);
        return status.getUpdatedReplicas() == replicas && status.getReplicas() == replicas
                && status.getAvailableReplicas() == replicas
                && status.getObservedGeneration() != null && d.getMetadata().getGeneration() != null
                && status.getObservedGeneration() >= d.getMetadata().getGeneration();
    }

    /** More pods updated, ready or available, or fewer old ones, than the status said before. */
    static boolean progressed(DeploymentStatus before, DeploymentStatus now) {
        if (before == null) {
            return false;
        }
        return n(now.getUpdatedReplicas()) > n(before.getUpdatedReplicas())
                || n(now.getReadyReplicas()) > n(before.getReadyReplicas())
                || n(now.getAvailableReplicas()) > n(before.getAvailableReplicas())
                || n(before.getReplicas()) - n(before.getUpdatedReplicas()) > n(now.getReplicas()) - n(now.getUpdatedReplicas());
    }

    static boolean timedOut(Deployment d, DeploymentStatus status, Instant now) {
        Optional<DeploymentCondition> progressing = DeploymentConditions.get(status, DeploymentConditions.PROGRESSING);
        if (progressing.isEmpty() || DeploymentConditions.NEW_RS_AVAILABLE.equals(progressing.get().getReason())) {
            return false;
        }
        if (DeploymentConditions.TIMED_OUT.equals(progressing.get().getReason())) {
            return true;
        }
        return Times.parse(progressing.get().getLastUpdateTime())
                .map(since -> since.plusSeconds(d.getSpec().getProgressDeadlineSeconds()).isBefore(now))
                .orElse(false);
    }

    static boolean hasProgressDeadline(Deployment d) {
        Integer deadline = d.getSpec().getProgressDeadlineSeconds();
        return deadline != null && deadline != Integer.MAX_VALUE;
    }

    static boolean paused(Deployment d) {
        return Boolean.TRUE.equals(d.getSpec().getPaused());
    }

    private static int n(Integer value) {
        return value == null ? 0 : value;
    }
}
