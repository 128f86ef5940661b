package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code fieldValidation=Strict|Warn|Ignore}: unknown fields at the top level of an object
 * and in its metadata are rejected (400), reported as warnings, or dropped silently.
 * Deeper fields are not checked yet (that needs the full schemas).
 */
final class FieldValidation {

    enum Mode { STRICT, WARN, IGNORE }

    private static final Set<String> METADATA = Set.of("name", "generateName", "namespace", "selfLink", "uid",
            "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
            "labels", "annotations", "ownerReferences", "finalizers", "managedFields");

    private FieldValidation() {
    }

    static Mode mode(String parameter) {
        if (parameter == null || parameter.isEmpty()) {
            return Mode.WARN;
        }
        return switch (parameter) {
            case "Strict" -> Mode.STRICT;
            case "Warn" -> Mode.WARN;
            case "Ignore" -> Mode.IGNORE;
            default -> throw ApiException.badRequest("fieldValidation: Unsupported value: \"" + parameter
                    + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
        };
    }

    /** @return warnings for unknown fields (removed from the object); throws under Strict */
    static List<String> check(ObjectNode object, ResourceType type, Mode mode) {
        List<String> unknown = new ArrayList<>();
        Set<String> known = topLevel(type);
        object.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                unknown.add(f);
            }
        });
        JsonNode meta = object.path("metadata");
        if (meta.isObject()) {
            meta.fieldNames().forEachRemaining(f -> {
                if (!METADATA.contains(f)) {
                    unknown.add("metadata." + f);
                }
            });
        }
        if (unknown.isEmpty() || mode == Mode.IGNORE) {
            return List.of();
        }
        if (mode == Mode.STRICT) {
            throw ApiException.badRequest(type.kind() + " in version \"" + type.version()
                    + "\" cannot be handled as a " + type.kind() + ": strict decoding error: "
                    + String.join(", ", unknown.stream().map(f -> "unknown field \"" + f + "\"").toList()));
        }
        for (String f : unknown) {
            if (f.startsWith("metadata.")) {
                ((ObjectNode) meta).remove(f.substring(9));
            } else {
                object.remove(f);
            }
        }
        return unknown.stream().map(f -> "unknown field \"" + f + "\"").toList();
    }

    private static Set<String> topLevel(ResourceType type) {
        Set<String> common = Set.of("apiVersion", "kind", "metadata");
        Set<String> own = switch (type.kind()) {
            case "ConfigMap" -> Set.of("data", "binaryData", "immutable");
            case "Secret" -> Set.of("data", "stringData", "type", "immutable");
            case "ServiceAccount" -> Set.of("secrets", "imagePullSecrets", "automountServiceAccountToken");
            case "Endpoints" -> Set.of("subsets");
            case "EndpointSlice" -> Set.of("addressType", "endpoints", "ports");
            case "Event" -> type.group().isEmpty()
                    ? Set.of("involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp",
                            "count", "type", "eventTime", "series", "action", "related", "reportingComponent",
                            "reportingInstance")
                    : Set.of("eventTime", "series", "reportingController", "reportingInstance", "action", "reason",
                            "regarding", "related", "note", "type", "deprecatedSource", "deprecatedFirstTimestamp",
                            "deprecatedLastTimestamp", "deprecatedCount");
            default -> Set.of("spec", "status");
        };
        Set<String> all = new java.util.HashSet<>(common);
        all.addAll(own);
        return all;
    }
}
