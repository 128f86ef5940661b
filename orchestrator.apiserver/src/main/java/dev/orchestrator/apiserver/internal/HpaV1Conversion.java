package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * autoscaling/v1 HorizontalPodAutoscalers from the stored autoscaling/v2 ones and back. v1 knows one metric,
 * {@code targetCPUUtilizationPercentage} (a Resource metric: cpu, Utilization) and its current value
 * {@code currentCPUUtilizationPercentage}; what else v2 holds travels in annotations, as in Kubernetes:
 * the other metrics, the other current metrics, the conditions and the behavior, each as the JSON of its
 * v2 field (Kubernetes writes the metrics in the older v2beta1 shape; we keep the v2 shape, which our own
 * reads take back). Converting back removes those annotations. The CPU metric comes first after a round
 * trip through v1.
 */
final class HpaV1Conversion implements VersionConverter {

    static final String METRICS = "autoscaling.alpha.kubernetes.io/metrics";
    static final String CURRENT_METRICS = "autoscaling.alpha.kubernetes.io/current-metrics";
    static final String CONDITIONS = "autoscaling.alpha.kubernetes.io/conditions";
    static final String BEHAVIOR = "autoscaling.alpha.kubernetes.io/behavior";
    private static final String[] SPEC_FIELDS = {"scaleTargetRef", "minReplicas", "maxReplicas"};
    private static final String[] STATUS_FIELDS = {"observedGeneration", "lastScaleTime", "currentReplicas",
        "desiredReplicas"};

    @Override
    public String storedVersion() {
        return "v2";
    }

    @Override
    public ObjectNode toServed(ObjectNode stored) {
        ObjectNode v1 = stored.deepCopy();
        v1.put("apiVersion", "autoscaling/v1");
        ObjectNode annotations = Json.object();
        JsonNode spec = stored.path("spec");
        if (spec.isObject()) {
            ObjectNode v1Spec = copied(spec, SPEC_FIELDS);
            ArrayNode others = Json.array();
            for (JsonNode metric : spec.path("metrics")) {
                JsonNode target = metric.path("resource").path("target");
                if (!v1Spec.has("targetCPUUtilizationPercentage") && isCpu(metric)
                        && "Utilization".equals(target.path("type").asText()) && target.has("averageUtilization")) {
                    v1Spec.put("targetCPUUtilizationPercentage", target.path("averageUtilization").asInt());
                } else {
                    others.add(metric);
                }
            }
            keep(annotations, METRICS, others);
            keep(annotations, BEHAVIOR, spec.path("behavior"));
            v1.set("spec", v1Spec);
        }
        JsonNode status = stored.path("status");
        if (status.isObject()) {
            ObjectNode v1Status = copied(status, STATUS_FIELDS);
            ArrayNode others = Json.array();
            for (JsonNode metric : status.path("currentMetrics")) {
                JsonNode current = metric.path("resource").path("current");
                if (!v1Status.has("currentCPUUtilizationPercentage") && isCpu(metric) && current.has("averageUtilization")) {
                    v1Status.put("currentCPUUtilizationPercentage", current.path("averageUtilization").asInt());
                } else {
                    others.add(metric);
                }
            }
            v1Status.put("currentReplicas", status.path("currentReplicas").asInt(0)); // required in v1
            keep(annotations, CURRENT_METRICS, others);
            keep(annotations, CONDITIONS, status.path("conditions"));
            v1.set("status", v1Status);
        }
        if (!annotations.isEmpty()) {
            Json.objectField(ObjectMeta.metadata(v1), "annotations").setAll(annotations);
        }
        return v1;
    }

    @Override
    public ObjectNode toStored(ObjectNode served) {
        ObjectNode v2 = served.deepCopy();
        v2.put("apiVersion", "autoscaling/v2");
        Map<String, JsonNode> kept = takeAnnotations(v2);
        JsonNode spec = served.path("spec");
        if (spec.isObject()) {
            ObjectNode v2Spec = copied(spec, SPEC_FIELDS);
            ArrayNode metrics = Json.array();
            if (spec.path("targetCPUUtilizationPercentage").isIntegralNumber()) {
                metrics.add(HpaStrategy.cpuUtilization(spec.path("targetCPUUtilizationPercentage").asInt()));
            }
            kept.getOrDefault(METRICS, Json.array()).forEach(metrics::add);
            if (!metrics.isEmpty()) {
                v2Spec.set("metrics", metrics);
            }
            if (kept.containsKey(BEHAVIOR)) {
                v2Spec.set("behavior", kept.get(BEHAVIOR));
            }
            v2.set("spec", v2Spec);
        }
        JsonNode status = served.path("status");
        if (status.isObject()) {
            ObjectNode v2Status = copied(status, STATUS_FIELDS);
            ArrayNode current = Json.array();
            if (status.path("currentCPUUtilizationPercentage").isIntegralNumber()) {
                ObjectNode cpu = current.addObject().put("type", "Resource");
                ObjectNode resource = cpu.putObject("resource").put("name", "cpu");
                resource.putObject("current").put("averageUtilization",
                        status.path("currentCPUUtilizationPercentage").asInt());
            }
            kept.getOrDefault(CURRENT_METRICS, Json.array()).forEach(current::add);
            if (!current.isEmpty()) {
                v2Status.set("currentMetrics", current);
            }
            if (kept.containsKey(CONDITIONS)) {
                v2Status.set("conditions", kept.get(CONDITIONS));
            }
            v2.set("status", v2Status);
        }
        return v2;
    }

    private static boolean isCpu(JsonNode metric) {
        return "Resource".equals(metric.path("type").asText())
                && "cpu".equals(metric.path("resource").path("name").asText());
    }

    private static ObjectNode copied(JsonNode from, String... fields) {
        ObjectNode to = Json.object();
        for (String f : fields) {
            if (from.has(f) && !from.get(f).isNull()) {
                to.set(f, from.get(f).deepCopy());
            }
        }
        return to;
    }

    private static void keep(ObjectNode annotations, String key, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull() && !(value.isArray() && value.isEmpty())) {
            annotations.put(key, new String(Json.bytes(value), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /**
     * Removes the annotations that hold v2-only fields and returns their values; an annotation that is not
     * JSON is a 400, as Kubernetes refuses it.
     */
    private static Map<String, JsonNode> takeAnnotations(ObjectNode v2) {
        Map<String, JsonNode> kept = new java.util.HashMap<>();
        if (!(v2.path("metadata").path("annotations") instanceof ObjectNode annotations)) {
            return kept;
        }
        for (String key : new String[] {METRICS, CURRENT_METRICS, CONDITIONS, BEHAVIOR}) {
            JsonNode value = annotations.remove(key);
            if (value != null && value.isTextual()) {
                try {
                    kept.put(key, Json.parse(value.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8), false));
                } catch (ApiException e) {
                    throw ApiException.badRequest("metadata.annotations[" + key + "]: the value is not valid JSON: "
                            + e.getMessage());
                }
            }
        }
        if (annotations.isEmpty()) {
            ((ObjectNode) v2.path("metadata")).remove("annotations");
        }
        return kept;
    }
}
