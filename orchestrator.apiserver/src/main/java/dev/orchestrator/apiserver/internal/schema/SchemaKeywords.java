package dev.orchestrator.apiserver.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the Kubernetes extensions and common keywords of one schema node. */
final class SchemaKeywords {

    static final String PRESERVE_UNKNOWN = "x-kubernetes-preserve-unknown-fields";
    static final String INT_OR_STRING = "x-kubernetes-int-or-string";
    static final String EMBEDDED_RESOURCE = "x-kubernetes-embedded-resource";
    static final String LIST_TYPE = "x-kubernetes-list-type";
    static final String LIST_MAP_KEYS = "x-kubernetes-list-map-keys";
    static final String MAP_TYPE = "x-kubernetes-map-type";

    private SchemaKeywords() {
    }

    static String type(JsonNode schema) {
        return schema.path("type").asText("");
    }

    static boolean flag(JsonNode schema, String name) {
        return schema.path(name).asBoolean(false);
    }

    static boolean preservesUnknown(JsonNode schema) {
        return flag(schema, PRESERVE_UNKNOWN);
    }

    static boolean intOrString(JsonNode schema) {
        return flag(schema, INT_OR_STRING);
    }

    static boolean embedded(JsonNode schema) {
        return flag(schema, EMBEDDED_RESOURCE);
    }

    static boolean nullable(JsonNode schema) {
        return flag(schema, "nullable");
    }

    /** The schema of a map's values, when {@code additionalProperties} is a schema (not a boolean). */
    static JsonNode additional(JsonNode schema) {
        JsonNode additional = schema.get("additionalProperties");
        return additional != null && additional.isObject() ? additional : null;
    }

    /** The schema of an array's items (a single schema). */
    static JsonNode items(JsonNode schema) {
        JsonNode items = schema.get("items");
        return items != null && items.isObject() ? items : null;
    }

    /** The schema of a property, or null. */
    static JsonNode property(JsonNode schema, String name) {
        JsonNode properties = schema.get("properties");
        JsonNode property = properties == null ? null : properties.get(name);
        return property != null && property.isObject() ? property : null;
    }
}
