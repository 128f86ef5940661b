package dev.orchestrator.controllers.internal.deployment;

import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Deployment's conditions, with the reasons and messages kubectl and users know from Kubernetes
 * ({@code kubectl rollout status} fails on {@code ProgressDeadlineExceeded}).
 */
final class DeploymentConditions {

    static final String AVAILABLE = "Available";
    static final String PROGRESSING = "Progressing";
    static final String REPLICA_FAILURE = "ReplicaFailure";

    static final String MINIMUM_AVAILABLE = "MinimumReplicasAvailable";
    static final String MINIMUM_UNAVAILABLE = "MinimumReplicasUnavailable";
    static final String NEW_RS_CREATED = "NewReplicaSetCreated";
    static final String FOUND_NEW_RS = "FoundNewReplicaSet";
    static final String RS_UPDATED = "ReplicaSetUpdated";
    static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    static final String TIMED_OUT = "ProgressDeadlineExceeded";
    static final String PAUSED = "DeploymentPaused";
    static final String RESUMED = "DeploymentResumed";

    private DeploymentConditions() {
    }

    static DeploymentCondition condition(String type, String status, String reason, String message, Instant now) {
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastUpdateTime(time).withLastTransitionTime(time).build();
    }

    static Optional<DeploymentCondition> get(DeploymentStatus status, String type) {
        return status == null ? Optional.empty()
                : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static boolean hasReason(DeploymentStatus status, String type, String reason) {
        return get(status, type).map(c -> reason.equals(c.getReason())).orElse(false);
    }

    /**
     * Sets a condition unless one of the same status and reason is there already (which keeps its
     * times); a change of reason alone keeps the time of the last transition.
     */
    static void set(DeploymentStatus status, DeploymentCondition next) {
        Optional<DeploymentCondition> current = get(status, next.getType());
        if (current.isPresent() && current.get().getStatus().equals(next.getStatus())
                && current.get().getReason().equals(next.getReason())) {
            return;
        }
        if (current.isPresent() && current.get().getStatus().equals(next.getStatus())) {
            next.setLastTransitionTime(current.get().getLastTransitionTime());
        }
        put(status, next);
    }

    /** Replaces the condition, its update time renewed (progress), its transition time kept when the status stays. */
    static void renew(DeploymentStatus status, DeploymentCondition next) {
        get(status, next.getType()).filter(c -> c.getStatus().equals(next.getStatus()))
                .ifPresent(c -> next.setLastTransitionTime(c.getLastTransitionTime()));
        put(status, next);
    }

    static void remove(DeploymentStatus status, String type) {
        List<DeploymentCondition> kept = new ArrayList<>(status.getConditions());
        kept.removeIf(c -> type.equals(c.getType()));
        status.setConditions(kept);
    }

    private static void put(DeploymentStatus status, DeploymentCondition next) {
        List<DeploymentCondition> conditions = new ArrayList<>(status.getConditions());
        int at = -1;
        for (int i = 0; i < conditions.size(); i++) {
            if (conditions.get(i).getType().equals(next.getType())) {
                at = i;
            }
        }
        if (at >= 0) {
            conditions.set(at, next);
        } else {
            conditions.add(next);
        }
        status.setConditions(conditions);
    }
}
