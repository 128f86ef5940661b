package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One metric of kubectl's TARGETS column: current over target, {@code <unknown>} until the controller has
 * measured it. Resource metrics are named ({@code cpu: 12%/50%}); the others show their values only.
 */
final class HpaTargets {

    private static final String UNKNOWN = "<unknown>";

    private HpaTargets() {
    }

    /** @param current the metric's entry of status.currentMetrics (same index), a missing node when absent */
    static String cell(JsonNode metric, JsonNode current) {
        String type = metric.path("type").asText("");
        return switch (type) {
            case "Resource", "ContainerResource" -> resource(metric, current, type.equals("Resource") ? "resource"
                    : "containerResource");
            case "Pods" -> averageValue(current.path("pods").path("current"), metric.path("pods").path("target"));
            case "Object", "External" -> {
                String field = type.equals("Object") ? "object" : "external";
                JsonNode target = metric.path(field).path("target");
                JsonNode now = current.path(field).path("current");
                yield target.has("averageValue") ? averageValue(now, target)
                        : now.path("value").asText(UNKNOWN) + "/" + target.path("value").asText(UNKNOWN);
            }
            default -> UNKNOWN + " (" + type + ")";
        };
    }

    private static String resource(JsonNode metric, JsonNode current, String field) {
        JsonNode source = metric.path(field);
        JsonNode target = source.path("target");
        JsonNode now = current.path(field).path("current");
        String name = source.path("name").asText("");
        if (field.equals("containerResource")) {
            name = name + " of container " + source.path("container").asText("");
        }
        if (target.has("averageValue")) {
            return name + ": " + averageValue(now, target);
        }
        String value = now.has("averageUtilization") ? now.path("averageUtilization").asInt() + "%" : UNKNOWN;
        String goal = target.has("averageUtilization") ? target.path("averageUtilization").asInt() + "%" : "<auto>";
        return name + ": " + value + "/" + goal;
    }

    private static String averageValue(JsonNode now, JsonNode target) {
        return now.path("averageValue").asText(UNKNOWN) + "/" + target.path("averageValue").asText(UNKNOWN);
    }
}
