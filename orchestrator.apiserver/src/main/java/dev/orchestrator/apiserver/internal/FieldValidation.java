package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fieldValidation=Strict|Warn|Ignore}: fields the kind's schema does not know, at any
 * depth, are rejected (400), reported as warnings and dropped, or dropped without a word
 * (as the typed decoding of Kubernetes drops them).
 */
final class FieldValidation {

    enum Mode { STRICT, WARN, IGNORE }

    private final Schemas schemas;

    FieldValidation(Schemas schemas) {
        this.schemas = schemas;
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

    /** @return warnings for the unknown fields (then removed from the object); throws under Strict */
    List<String> check(ObjectNode object, ResourceType type, Mode mode) {
        JsonNode schema = schemas.kind(type).orElse(null);
        if (schema == null) {
            return List.of();
        }
        List<String> unknown = new ArrayList<>();
        walk(object, schema, "", unknown, mode != Mode.STRICT);
        if (unknown.isEmpty() || mode == Mode.IGNORE) {
            return List.of();
        }
        List<String> messages = unknown.stream().map(f -> "unknown field \"" + f + "\"").toList();
        if (mode == Mode.STRICT) {
            throw ApiException.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
                    + type.kind() + ": strict decoding error: " + String.join(", ", messages));
        }
        return messages;
    }

    /** Collects the unknown fields of {@code node} against {@code schema}, removing them when asked. */
    private void walk(JsonNode node, JsonNode schema, String path, List<String> unknown, boolean remove) {
        JsonNode s = schemas.resolve(schema);
        if (node instanceof ObjectNode object && s.has("properties")) {
            JsonNode properties = s.get("properties");
            List<String> drop = new ArrayList<>();
            object.fields().forEachRemaining(e -> {
                if (e.getKey().startsWith("$")) {
                    return; // strategic merge patch directives, not fields
                }
                JsonNode property = properties.get(e.getKey());
                JsonNode value = e.getValue();
                if (property == null) {
                    unknown.add(path.isEmpty() ? e.getKey() : path + "." + e.getKey());
                    drop.add(e.getKey());
                } else if (value.isContainerNode()) { // scalars have no fields to check
                    walk(value, property, path.isEmpty() ? e.getKey() : path + "." + e.getKey(), unknown, remove);
                }
            });
            if (remove) {
                drop.forEach(object::remove);
            }
        } else if (node.isObject() && s.has("additionalProperties")) {
            node.fields().forEachRemaining(e -> walk(e.getValue(), s.get("additionalProperties"),
                    path + "." + e.getKey(), unknown, remove));
        } else if (node.isArray() && s.has("items")) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), s.get("items"), path + "[" + i + "]", unknown, remove);
            }
        }
    }
}
