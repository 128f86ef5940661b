package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * HorizontalPodAutoscalers (autoscaling/v2, the stored form; a v1 write is converted first, so its errors
 * name the v2 fields, as Kubernetes' do): the target, the replica bounds, every metric's source and target,
 * and the scaling rules of {@code behavior}.
 */
public final class HpaValidation {

    private static final FieldPath SPEC = FieldPath.root("spec");
    /** The metric types and the field each one populates. */
    private static final Map<String, String> SOURCES = Map.of("Object", "object", "Pods", "pods", "Resource", "resource",
            "ContainerResource", "containerResource", "External", "external");
    private static final List<String> TYPES = List.of("ContainerResource", "External", "Object", "Pods", "Resource");
    private static final List<String> TARGET_TYPES = List.of("AverageValue", "Utilization", "Value");
    private static final long MAX_PERIOD_SECONDS = 1800;
    private static final long MAX_STABILIZATION_SECONDS = 3600;

    private HpaValidation() {
    }

    public static void validate(JsonNode hpa, FieldErrors errors) {
        JsonNode spec = hpa.path("spec");
        FieldPath ref = SPEC.child("scaleTargetRef");
        CommonFields.name(spec.path("scaleTargetRef"), "kind", true, NameFormats::pathSegmentName, ref, errors);
        CommonFields.name(spec.path("scaleTargetRef"), "name", true, NameFormats::pathSegmentName, ref, errors);
        Long min = CommonFields.integer(spec, "minReplicas");
        if (min != null && min < 1) {
            errors.invalid(SPEC.child("minReplicas"), min, "must be greater than or equal to 1");
        }
        Long max = CommonFields.integer(spec, "maxReplicas");
        if (max == null || max < 1) {
            errors.invalid(SPEC.child("maxReplicas"), max == null ? 0 : max, "must be greater than 0");
        } else if (min != null && max < min) {
            errors.invalid(SPEC.child("maxReplicas"), max, "must be greater than or equal to `minReplicas`");
        }
        int i = 0;
        for (JsonNode metric : CommonFields.items(spec.path("metrics"))) {
            metric(metric, SPEC.child("metrics").index(i++), errors);
        }
        JsonNode behavior = spec.path("behavior");
        rules(behavior.path("scaleUp"), SPEC.child("behavior", "scaleUp"), errors);
        rules(behavior.path("scaleDown"), SPEC.child("behavior", "scaleDown"), errors);
    }

    private static void metric(JsonNode metric, FieldPath path, FieldErrors errors) {
        String type = CommonFields.textOrEmpty(metric, "type");
        if (type.isEmpty()) {
            errors.required(path.child("type"), "must specify a metric source type");
            return;
        }
        if (!SOURCES.containsKey(type)) {
            errors.notSupported(path.child("type"), metric.path("type"), TYPES);
            return;
        }
        for (Map.Entry<String, String> source : SOURCES.entrySet()) {
            boolean populated = CommonFields.has(metric, source.getValue());
            if (source.getKey().equals(type) && !populated) {
                errors.required(path.child(source.getValue()), "must populate information for the given metric source");
            } else if (!source.getKey().equals(type) && populated) {
                errors.forbidden(path.child(source.getValue()), "must populate the given metric source only");
            }
        }
        JsonNode source = metric.path(SOURCES.get(type));
        FieldPath sourcePath = path.child(SOURCES.get(type));
        if (source.isMissingNode()) {
            return;
        }
        switch (type) {
            case "Resource", "ContainerResource" -> {
                if (CommonFields.textOrEmpty(source, "name").isEmpty()) {
                    errors.required(sourcePath.child("name"), "must specify a resource name");
                }
                if (type.equals("ContainerResource") && CommonFields.textOrEmpty(source, "container").isEmpty()) {
                    errors.required(sourcePath.child("container"), "must specify a container");
                }
            }
            case "Pods", "Object", "External" -> {
                if (CommonFields.textOrEmpty(source.path("metric"), "name").isEmpty()) {
                    errors.required(sourcePath.child("metric", "name"), "must specify a metric name");
                }
            }
            default -> { }
        }
        target(source.path("target"), sourcePath.child("target"), type, errors);
    }

    /** The target's type says which one value it sets; utilization is for resource metrics only. */
    private static void target(JsonNode target, FieldPath path, String metricType, FieldErrors errors) {
        String type = CommonFields.textOrEmpty(target, "type");
        if (type.isEmpty()) {
            errors.required(path.child("type"), "must specify a metric target type");
            return;
        }
        if (!TARGET_TYPES.contains(type)) {
            errors.notSupported(path.child("type"), target.path("type"), TARGET_TYPES);
            return;
        }
        Long utilization = CommonFields.integer(target, "averageUtilization");
        switch (type) {
            case "Utilization" -> {
                if (!metricType.equals("Resource") && !metricType.equals("ContainerResource")) {
                    errors.notSupported(path.child("type"), target.path("type"), List.of("AverageValue", "Value"));
                } else if (utilization == null) {
                    errors.required(path.child("averageUtilization"), "must set averageUtilization when type is Utilization");
                }
            }
            case "Value" -> requiredQuantity(target, "value", path, errors);
            default -> requiredQuantity(target, "averageValue", path, errors);
        }
        if (utilization != null && utilization < 1) {
            errors.invalid(path.child("averageUtilization"), utilization, "must be greater than 0");
        }
        quantity(target, "value", path, errors);
        quantity(target, "averageValue", path, errors);
    }

    private static void requiredQuantity(JsonNode target, String field, FieldPath path, FieldErrors errors) {
        if (!CommonFields.has(target, field)) {
            errors.required(path.child(field), "must set " + field + " when type is "
                    + (field.equals("value") ? "Value" : "AverageValue"));
        }
    }

    private static void quantity(JsonNode target, String field, FieldPath path, FieldErrors errors) {
        JsonNode value = target.path(field);
        if (!value.isMissingNode() && !value.isNull()) {
            java.math.BigDecimal q = CommonFields.quantity(value, path.child(field), errors);
            if (q != null && q.signum() == 0) {
                errors.invalid(path.child(field), value, "must be positive");
            }
        }
    }

    private static void rules(JsonNode rules, FieldPath path, FieldErrors errors) {
        if (rules.isMissingNode() || rules.isNull()) {
            return;
        }
        Long window = CommonFields.integer(rules, "stabilizationWindowSeconds");
        if (window != null && window < 0) {
            errors.invalid(path.child("stabilizationWindowSeconds"), window, "must be greater than or equal to zero");
        } else if (window != null && window > MAX_STABILIZATION_SECONDS) {
            errors.invalid(path.child("stabilizationWindowSeconds"), window,
                    "must be less than or equal to " + MAX_STABILIZATION_SECONDS);
        }
        CommonFields.oneOf(rules, "selectPolicy", false, List.of("Disabled", "Max", "Min"), path, errors);
        if (rules.has("policies") && rules.path("policies").isEmpty()) {
            errors.required(path.child("policies"), "must specify at least one Policy");
        }
        int i = 0;
        for (JsonNode policy : CommonFields.items(rules.path("policies"))) {
            FieldPath p = path.child("policies").index(i++);
            CommonFields.oneOf(policy, "type", true, List.of("Percent", "Pods"), p, errors);
            Long value = CommonFields.integer(policy, "value");
            if (value == null || value <= 0) {
                errors.invalid(p.child("value"), value == null ? 0 : value, "must be greater than zero");
            }
            Long period = CommonFields.integer(policy, "periodSeconds");
            if (period == null || period <= 0) {
                errors.invalid(p.child("periodSeconds"), period == null ? 0 : period, "must be greater than zero");
            } else if (period > MAX_PERIOD_SECONDS) {
                errors.invalid(p.child("periodSeconds"), period, "must be less than or equal to " + MAX_PERIOD_SECONDS);
            }
        }
    }
}
