package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.HpaValidation;
import java.util.List;

/**
 * HorizontalPodAutoscalers, stored as autoscaling/v2: Kubernetes' v2 defaults on every write (minReplicas 1,
 * no metrics meaning 80 % CPU utilization, the unset fields of a given {@code behavior} filled in), then
 * {@link HpaValidation}. A {@code behavior} left out stays out, as in Kubernetes: the controller applies the
 * same default rules then, with its own (configurable) downscale stabilization window.
 */
final class HpaStrategy implements ResourceStrategy {

    /** The CPU utilization an HPA without metrics aims at. */
    static final int DEFAULT_CPU_UTILIZATION = 80;

    @Override
    public void prepareForCreate(ObjectNode hpa) {
        applyDefaults(hpa);
    }

    @Override
    public void prepareForUpdate(ObjectNode hpa, ObjectNode old) {
        applyDefaults(hpa);
    }

    @Override
    public void validate(ObjectNode hpa, List<ApiException.Cause> causes) {
        HpaValidation.validate(hpa, Causes.into(causes));
    }

    static void applyDefaults(ObjectNode hpa) {
        if (!(hpa.path("spec") instanceof ObjectNode spec)) {
            return; // validation names what is missing
        }
        if (!spec.hasNonNull("minReplicas")) {
            spec.put("minReplicas", 1);
        }
        if (spec.path("metrics").isEmpty()) {
            spec.putArray("metrics").add(cpuUtilization(DEFAULT_CPU_UTILIZATION));
        }
        if (spec.path("behavior") instanceof ObjectNode behavior) {
            ObjectNode up = Json.objectField(behavior, "scaleUp");
            if (!up.hasNonNull("stabilizationWindowSeconds")) {
                up.put("stabilizationWindowSeconds", 0);
            }
            defaultRules(up, List.of(policy("Pods", 4), policy("Percent", 100)));
            defaultRules(Json.objectField(behavior, "scaleDown"), List.of(policy("Percent", 100)));
        }
    }

    /** A Resource metric aiming at {@code percent} of the pods' CPU requests. */
    static ObjectNode cpuUtilization(int percent) {
        ObjectNode metric = Json.object();
        metric.put("type", "Resource");
        ObjectNode resource = metric.putObject("resource");
        resource.put("name", "cpu");
        ObjectNode target = resource.putObject("target");
        target.put("type", "Utilization");
        target.put("averageUtilization", percent);
        return metric;
    }

    /**
     * The scale-down window stays unset when not given: Kubernetes leaves it to the controller's
     * {@code --horizontal-pod-autoscaler-downscale-stabilization} (300 s).
     */
    private static void defaultRules(ObjectNode rules, List<ObjectNode> policies) {
        if (!rules.hasNonNull("selectPolicy")) {
            rules.put("selectPolicy", "Max");
        }
        if (!rules.has("policies") || rules.path("policies").isNull()) {
            ArrayNode array = rules.putArray("policies");
            policies.forEach(array::add);
        }
    }

    private static ObjectNode policy(String type, int value) {
        ObjectNode policy = Json.object();
        policy.put("type", type);
        policy.put("value", value);
        policy.put("periodSeconds", 15);
        return policy;
    }

    /** kubectl's REFERENCE cell: {@code Deployment/web}. */
    static String reference(JsonNode hpa) {
        JsonNode ref = hpa.path("spec").path("scaleTargetRef");
        return ref.path("kind").asText("") + "/" + ref.path("name").asText("");
    }

    /** kubectl's TARGETS cell: {@code cpu: 12%/50%}, {@code <unknown>/50%} before a current value is known. */
    static String targets(JsonNode hpa) {
        JsonNode metrics = hpa.path("spec").path("metrics");
        JsonNode current = hpa.path("status").path("currentMetrics");
        StringBuilder cells = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < metrics.size(); i++) {
            if (shown == 2) {
                return cells + " + " + (metrics.size() - 2) + " more...";
            }
            cells.append(shown++ == 0 ? "" : ", ").append(HpaTargets.cell(metrics.get(i), current.path(i)));
        }
        return shown == 0 ? "<none>" : cells.toString();
    }
}
