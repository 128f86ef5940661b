package dev.orchestrator.apiserver.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.apiserver.internal.validation.FieldErrors;
import dev.orchestrator.apiserver.internal.validation.FieldPath;
import java.util.List;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * Whether a CRD's {@code openAPIV3Schema} is structural (every node says its type, logical junctors only
 * restrict what is declared outside them) and uses only what this server enforces; each problem becomes a
 * field error at the schema's path in the CRD.
 */
final class SchemaCheck {

    private static final Set<String> TYPES = Set.of("array", "boolean", "integer", "number", "object", "string");
    private static final List<String> UNSUPPORTED = List.of("$ref", "$schema", "id", "definitions", "dependencies",
            "patternProperties", "additionalItems");
    /** What a branch of allOf/anyOf/oneOf/not may not say, so the schema outside stays the whole structure. */
    private static final List<String> NOT_IN_JUNCTORS = List.of("type", "default", "nullable", "description",
            "additionalProperties", SchemaKeywords.PRESERVE_UNKNOWN, SchemaKeywords.EMBEDDED_RESOURCE);

    private enum Place { ROOT, PROPERTY, ITEMS, MAP_VALUES, JUNCTOR, INT_OR_STRING_BRANCH }

    private final FieldErrors errors;

    SchemaCheck(FieldErrors errors) {
        this.errors = errors;
    }

    void root(JsonNode schema, FieldPath path) {
        if (schema == null || !schema.isObject()) {
            errors.required(path, "schemas are required");
            return;
        }
        String type = SchemaKeywords.type(schema);
        if (type.isEmpty()) {
            errors.required(path.child("type"), "must not be empty at the root");
        } else if (!type.equals("object")) {
            errors.invalid(path.child("type"), type, "must be object at the root");
        }
        if (SchemaKeywords.nullable(schema)) {
            errors.forbidden(path.child("nullable"), "must be false at the root");
        }
        JsonNode metadata = SchemaKeywords.property(schema, "metadata");
        if (metadata != null && !onlyNames(metadata)) {
            errors.forbidden(path.child("properties").key("metadata"),
                    "must not specify anything other than name and generateName, but metadata is implicitly specified");
        }
        node(schema, path, Place.ROOT);
    }

    private static boolean onlyNames(JsonNode metadata) {
        for (var it = metadata.fieldNames(); it.hasNext(); ) {
            String keyword = it.next();
            if (!keyword.equals("type") && !keyword.equals("properties")) {
                return false;
            }
        }
        for (var it = metadata.path("properties").fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("name") && !name.equals("generateName")) {
                return false;
            }
        }
        return SchemaKeywords.type(metadata).isEmpty() || SchemaKeywords.type(metadata).equals("object");
    }

    private void node(JsonNode schema, FieldPath path, Place place) {
        unsupported(schema, path);
        if (place == Place.JUNCTOR) {
            for (String keyword : NOT_IN_JUNCTORS) {
                if (schema.has(keyword)) {
                    errors.forbidden(path.child(keyword), "must be empty to be structural");
                }
            }
        } else if (place != Place.INT_OR_STRING_BRANCH) {
            type(schema, path, place);
        }
        shapes(schema, path);
        String pattern = schema.path("pattern").asText(null);
        if (pattern != null) {
            try {
                SchemaValidation.compile(pattern);
            } catch (PatternSyntaxException e) {
                errors.invalid(path.child("pattern"), pattern, "must be a valid regular expression, but isn't: "
                        + e.getDescription());
            }
        }
        new ListTypeCheck(errors).check(schema, path);
        if (schema.has("default") && place != Place.JUNCTOR) {
            defaultValue(schema, path);
        }
        children(schema, path);
    }

    private void unsupported(JsonNode schema, FieldPath path) {
        for (String keyword : UNSUPPORTED) {
            if (schema.has(keyword)) {
                errors.forbidden(path.child(keyword), keyword + " is not supported");
            }
        }
        if (schema.path("uniqueItems").asBoolean(false)) {
            errors.forbidden(path.child("uniqueItems"),
                    "uniqueItems cannot be set to true since the runtime complexity becomes quadratic");
        }
        if (schema.has(SchemaKeywords.PRESERVE_UNKNOWN) && !SchemaKeywords.preservesUnknown(schema)) {
            errors.invalid(path.child(SchemaKeywords.PRESERVE_UNKNOWN), schema.get(SchemaKeywords.PRESERVE_UNKNOWN),
                    "must be true or undefined");
        }
    }

    private void type(JsonNode schema, FieldPath path, Place place) {
        String type = SchemaKeywords.type(schema);
        if (!type.isEmpty() && !TYPES.contains(type)) {
            errors.notSupported(path.child("type"), schema.get("type"), TYPES.stream().sorted().toList());
        }
        if (SchemaKeywords.intOrString(schema)) {
            if (!type.isEmpty()) {
                errors.forbidden(path.child("type"), "must be empty if x-kubernetes-int-or-string is true");
            }
        } else if (SchemaKeywords.embedded(schema) && !type.equals("object")) {
            errors.required(path.child("type"), "must be object if x-kubernetes-embedded-resource is true");
        } else if (type.isEmpty() && !SchemaKeywords.preservesUnknown(schema) && place != Place.ROOT) {
            errors.required(path.child("type"), switch (place) {
                case ITEMS -> "must not be empty for specified array items";
                case MAP_VALUES -> "must not be empty for specified map values";
                default -> "must not be empty for specified object fields";
            });
        }
    }

    private void shapes(JsonNode schema, FieldPath path) {
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null) {
            if (additional.isBoolean() && !additional.asBoolean()) {
                errors.forbidden(path.child("additionalProperties"), "additionalProperties cannot be set to false");
            }
            if (schema.has("properties")) {
                errors.forbidden(path.child("additionalProperties"),
                        "additionalProperties and properties are mutual exclusive");
            }
        }
        if (schema.path("items").isArray()) {
            errors.forbidden(path.child("items"), "items must be a schema object and not an array");
        }
    }

    /** A default must be valid by the schema it sits in and have no field that pruning would drop. */
    private void defaultValue(JsonNode schema, FieldPath path) {
        JsonNode value = schema.get("default");
        FieldErrors invalid = FieldErrors.collecting();
        new SchemaValidation(invalid).value(value, schema, FieldPath.root(""), false);
        for (var e : invalid.list()) {
            errors.invalid(path.child("default"), value, e.toString());
        }
        JsonNode copy = value.deepCopy();
        if (!Pruning.pruneValue(copy, schema).isEmpty()) {
            errors.invalid(path.child("default"), value, "must not have unknown fields");
        }
    }

    private void children(JsonNode schema, FieldPath path) {
        schema.path("properties").fields().forEachRemaining(p -> {
            if (p.getValue().isObject()) {
                node(p.getValue(), path.child("properties").key(p.getKey()), Place.PROPERTY);
            }
        });
        JsonNode items = SchemaKeywords.items(schema);
        if (items != null) {
            node(items, path.child("items"), Place.ITEMS);
        }
        JsonNode additional = SchemaKeywords.additional(schema);
        if (additional != null) {
            node(additional, path.child("additionalProperties"), Place.MAP_VALUES);
        }
        Place branch = SchemaKeywords.intOrString(schema) ? Place.INT_OR_STRING_BRANCH : Place.JUNCTOR;
        for (String junctor : List.of("allOf", "anyOf", "oneOf")) {
            JsonNode branches = schema.path(junctor);
            for (int i = 0; i < branches.size(); i++) {
                node(branches.get(i), path.child(junctor).index(i), branch);
            }
        }
        if (schema.path("not").isObject()) {
            node(schema.get("not"), path.child("not"), Place.JUNCTOR);
        }
    }
}
