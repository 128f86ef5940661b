package dev.orchestrator.apiserver.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.apiserver.internal.validation.FieldErrors;
import dev.orchestrator.apiserver.internal.validation.FieldPath;
import java.util.List;
import java.util.Set;

/** The list and map type extensions of one schema node: known values, on the right types, map keys usable. */
final class ListTypeCheck {

    private static final Set<String> SCALARS = Set.of("string", "integer", "number", "boolean");

    private final FieldErrors errors;

    ListTypeCheck(FieldErrors errors) {
        this.errors = errors;
    }

    void check(JsonNode schema, FieldPath path) {
        String type = SchemaKeywords.type(schema);
        JsonNode listType = schema.get(SchemaKeywords.LIST_TYPE);
        JsonNode keys = schema.get(SchemaKeywords.LIST_MAP_KEYS);
        if (listType != null) {
            FieldPath at = path.child(SchemaKeywords.LIST_TYPE);
            if (!List.of("atomic", "set", "map").contains(listType.asText())) {
                errors.notSupported(at, listType, List.of("atomic", "set", "map"));
            } else if (!type.equals("array")) {
                errors.invalid(at, listType, "must only be used if type is array");
            } else if (listType.asText().equals("set")) {
                set(schema, path);
            } else if (listType.asText().equals("map")) {
                map(schema, path, keys);
            }
        }
        if (keys != null && (listType == null || !listType.asText().equals("map"))) {
            errors.forbidden(path.child(SchemaKeywords.LIST_MAP_KEYS),
                    "must only be used if x-kubernetes-list-type is \"map\"");
        }
        JsonNode mapType = schema.get(SchemaKeywords.MAP_TYPE);
        if (mapType != null) {
            FieldPath at = path.child(SchemaKeywords.MAP_TYPE);
            if (!List.of("granular", "atomic").contains(mapType.asText())) {
                errors.notSupported(at, mapType, List.of("atomic", "granular"));
            } else if (!type.equals("object")) {
                errors.invalid(at, mapType, "must only be used if type is object");
            }
        }
    }

    private void set(JsonNode schema, FieldPath path) {
        JsonNode items = SchemaKeywords.items(schema);
        if (items != null && !SCALARS.contains(SchemaKeywords.type(items)) && !SchemaKeywords.intOrString(items)
                && !items.path(SchemaKeywords.MAP_TYPE).asText("").equals("atomic")
                && !items.path(SchemaKeywords.LIST_TYPE).asText("atomic").equals("atomic")) {
            errors.forbidden(path.child("items").child(SchemaKeywords.MAP_TYPE),
                    "must be atomic as item of a list with x-kubernetes-list-type=set");
        }
    }

    private void map(JsonNode schema, FieldPath path, JsonNode keys) {
        FieldPath keysPath = path.child(SchemaKeywords.LIST_MAP_KEYS);
        if (keys == null || !keys.isArray() || keys.isEmpty()) {
            errors.required(keysPath, "must not be empty if x-kubernetes-list-type is map");
            return;
        }
        JsonNode items = SchemaKeywords.items(schema);
        if (items == null || !SchemaKeywords.type(items).equals("object")) {
            errors.invalid(path.child("items").child("type"), items == null ? "" : SchemaKeywords.type(items),
                    "must be object if parent array's x-kubernetes-list-type is map");
            return;
        }
        java.util.List<String> requiredNames = new java.util.ArrayList<>();
        items.path("required").forEach(r -> requiredNames.add(r.asText()));
        for (JsonNode key : keys) {
            JsonNode property = SchemaKeywords.property(items, key.asText());
            if (property == null) {
                errors.invalid(keysPath, keys, "entries must all be names of item properties");
            } else if (!SCALARS.contains(SchemaKeywords.type(property)) && !SchemaKeywords.intOrString(property)) {
                errors.invalid(path.child("items").child("properties").key(key.asText()).child("type"),
                        SchemaKeywords.type(property), "must be a scalar type if parent array's "
                                + "x-kubernetes-list-type is map");
            } else if (!requiredNames.contains(key.asText()) && !property.has("default")) {
                errors.required(path.child("items").child("properties").key(key.asText()),
                        "this property is in x-kubernetes-list-map-keys, so it must have a default or be a required "
                                + "property");
            }
        }
    }
}
