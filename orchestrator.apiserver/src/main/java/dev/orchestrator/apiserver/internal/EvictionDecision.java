package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What an eviction may do to a pod under its PodDisruptionBudget, decided as Kubernetes' eviction subresource
 * does from the budget's status as the disruption controller last wrote it. Pure functions of the JSON trees.
 */
final class EvictionDecision {

    /** Kubernetes' bound on evictions the disruption controller has not confirmed yet. */
    static final int MAX_DISRUPTED_PODS = 2000;
    static final String REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";
    /** The cause reason (metav1.StatusCause type) of a refusal by a budget. */
    static final String CAUSE = "DisruptionBudget";
    /** How long a client should wait when the budget's status is older than its spec (Kubernetes: 10 s). */
    private static final int STALE_RETRY_SECONDS = 10;

    private EvictionDecision() {
    }

    /**
     * A pod that disrupts nothing more by going: finished, not started (Pending) or already being deleted. It is
     * deleted without looking at budgets, as Kubernetes does.
     */
    static boolean ignoresBudgets(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Pending")
                || pod.path("metadata").hasNonNull("deletionTimestamp");
    }

    /**
     * Whether deleting a pod that {@link #ignoresBudgets ignores budgets} must be pinned to the version read: a
     * Pending pod may become ready meanwhile and then be protected; a finished or terminating one never is.
     */
    static boolean pinsVersion(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return !phase.equals("Succeeded") && !phase.equals("Failed") && !pod.path("metadata").hasNonNull("deletionTimestamp");
    }

    static boolean ready(JsonNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                return "True".equals(c.path("status").asText());
            }
        }
        return false;
    }

    /**
     * Whether an unready pod may go without using the budget: always under {@code AlwaysAllow}; under
     * {@code IfHealthyBudget} (the default) only while the application is as healthy as the budget wants, so
     * deleting the pod cannot make it worse. A ready pod never may.
     */
    static boolean unhealthyPodMayGo(JsonNode pod, JsonNode budget) {
        if (ready(pod)) {
            return false;
        }
        if ("AlwaysAllow".equals(budget.path("spec").path("unhealthyPodEvictionPolicy").asText())) {
            return true;
        }
        JsonNode status = budget.path("status");
        int desired = status.path("desiredHealthy").asInt(0);
        return desired > 0 && status.path("currentHealthy").asInt(0) >= desired;
    }

    /**
     * Takes one disruption from the budget for {@code podName}: the budget as it must be written back
     * (disruptionsAllowed one lower, the pod in disruptedPods at {@code now}, the DisruptionAllowed condition False
     * when none is left).
     *
     * @throws ApiException 429 when the status is stale or allows no disruption, 403 when it cannot be trusted
     */
    static ObjectNode consume(ObjectNode budget, String podName, String now) {
        String name = budget.path("metadata").path("name").asText();
        JsonNode status = budget.path("status");
        if (status.path("observedGeneration").asLong(0) < budget.path("metadata").path("generation").asLong(0)) {
            throw stillProcessing(name);
        }
        int allowed = status.path("disruptionsAllowed").asInt(0);
        if (allowed < 0) {
            throw ApiException.forbidden(forbidden(name, "pdb disruptions allowed is negative"));
        }
        if (status.path("disruptedPods").size() > MAX_DISRUPTED_PODS) {
            throw ApiException.forbidden(forbidden(name,
                    "DisruptedPods map too big - too many evictions not confirmed by PDB controller"));
        }
        if (allowed == 0) {
            throw ApiException.tooManyRequests(REFUSED, 0, List.of(new ApiException.Cause(CAUSE, null,
                    "The disruption budget " + name + " needs " + status.path("desiredHealthy").asInt(0)
                            + " healthy pods and has " + status.path("currentHealthy").asInt(0) + " currently")));
        }
        ObjectNode updated = budget.deepCopy();
        ObjectNode newStatus = Json.objectField(updated, "status");
        newStatus.put("disruptionsAllowed", allowed - 1);
        Json.objectField(newStatus, "disruptedPods").put(podName, now);
        if (allowed - 1 == 0) {
            insufficientPods(newStatus, now);
        }
        return updated;
    }

    /** 429: the budget's status does not yet say what its spec asks (or the pod changed while it was judged). */
    static ApiException stillProcessing(String budget) {
        return ApiException.tooManyRequests(REFUSED, STALE_RETRY_SECONDS, List.of(new ApiException.Cause(CAUSE,
                null, "The disruption budget " + budget + " is still being processed by the server.")));
    }

    /** The DisruptionAllowed condition as Kubernetes sets it when an eviction took the last disruption. */
    private static void insufficientPods(ObjectNode status, String now) {
        if (!status.path("conditions").isArray()) {
            status.putArray("conditions");
        }
        ArrayNode conditions = (ArrayNode) status.get("conditions");
        ObjectNode condition = null;
        for (JsonNode c : conditions) {
            if ("DisruptionAllowed".equals(c.path("type").asText())) {
                condition = (ObjectNode) c;
            }
        }
        if (condition == null) {
            condition = conditions.addObject().put("type", "DisruptionAllowed");
        }
        if (!"False".equals(condition.path("status").asText())) {
            condition.put("lastTransitionTime", now);
        }
        condition.put("status", "False");
        condition.put("reason", "InsufficientPods");
        condition.put("message", "");
        condition.put("observedGeneration", status.path("observedGeneration").asLong(0));
    }

    private static String forbidden(String budget, String why) {
        return "poddisruptionbudgets.policy \"" + budget + "\" is forbidden: " + why;
    }
}
