package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * PodDisruptionBudgets (policy/v1), as Kubernetes validates them: at most one of {@code minAvailable} and
 * {@code maxUnavailable}, each an int ≥ 0 or a percentage of at most 100%; a valid label selector; a known
 * unhealthy pod eviction policy; and a status whose counts are never negative. Kubernetes accepts a budget with
 * neither bound (it then protects nothing), so this does too.
 */
public final class PolicyValidation {

    /** The values of {@code spec.unhealthyPodEvictionPolicy}. */
    public static final List<String> UNHEALTHY_POD_EVICTION_POLICIES = List.of("AlwaysAllow", "IfHealthyBudget");

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final FieldPath STATUS = FieldPath.root("status");

    private PolicyValidation() {
    }

    public static void validate(JsonNode budget, FieldErrors errors) {
        JsonNode spec = budget.path("spec");
        boolean min = CommonFields.has(spec, "minAvailable");
        boolean max = CommonFields.has(spec, "maxUnavailable");
        if (min && max) {
            errors.invalid(SPEC, spec, "minAvailable and maxUnavailable cannot be both set");
        }
        for (String bound : List.of("minAvailable", "maxUnavailable")) {
            JsonNode value = spec.path(bound);
            Integer n = AppsValidation.intOrPercent(value, SPEC.child(bound), errors);
            if (n != null && value.isTextual() && n > 100) {
                errors.invalid(SPEC.child(bound), value, "must not be greater than 100%");
            }
        }
        labelSelector(spec.path("selector"), SPEC.child("selector"), errors);
        if (CommonFields.has(spec, "unhealthyPodEvictionPolicy")
                && !UNHEALTHY_POD_EVICTION_POLICIES.contains(spec.path("unhealthyPodEvictionPolicy").asText())) {
            errors.notSupported(SPEC.child("unhealthyPodEvictionPolicy"), spec.path("unhealthyPodEvictionPolicy"),
                    UNHEALTHY_POD_EVICTION_POLICIES);
        }
    }

    /** A write of the status subresource: the counts the disruption controller and evictions keep. */
    public static void validateStatus(JsonNode budget, FieldErrors errors) {
        JsonNode status = budget.path("status");
        for (String count : List.of("disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods")) {
            CommonFields.nonNegative(status, count, STATUS, errors);
        }
    }

    /**
     * A {@code metav1.LabelSelector}: label keys and values of {@code matchLabels}, and each requirement of
     * {@code matchExpressions} (a known operator; values with In and NotIn only, and then at least one).
     */
    static void labelSelector(JsonNode selector, FieldPath path, FieldErrors errors) {
        if (!selector.isObject()) {
            return;
        }
        CommonFields.labels(selector.path("matchLabels"), path.child("matchLabels"), errors);
        int i = 0;
        for (JsonNode requirement : CommonFields.items(selector.path("matchExpressions"))) {
            FieldPath at = path.child("matchExpressions").index(i++);
            String operator = CommonFields.textOrEmpty(requirement, "operator");
            int values = requirement.path("values").size();
            switch (operator) {
                case "In", "NotIn" -> {
                    if (values == 0) {
                        errors.required(at.child("values"), "must be specified when `operator` is 'In' or 'NotIn'");
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (values > 0) {
                        errors.forbidden(at.child("values"),
                                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                    }
                }
                default -> errors.invalid(at.child("operator"), operator, "not a valid selector operator");
            }
            String key = CommonFields.textOrEmpty(requirement, "key");
            for (String problem : NameFormats.qualifiedName(key)) {
                errors.invalid(at.child("key"), key, problem);
            }
            int j = 0;
            for (JsonNode value : CommonFields.items(requirement.path("values"))) {
                for (String problem : NameFormats.labelValue(value.asText())) {
                    errors.invalid(at.child("values").index(j), value.asText(), problem);
                }
                j++;
            }
        }
    }
}
