package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI schemas of the served kinds, generated at build time from the fabric8 model
 * (resources {@code openapi/<group-version>.json} of this bundle), read once per API server.
 */
final class Schemas {

    private final Map<String, ObjectNode> byGroupVersion = new HashMap<>();
    private final Map<String, JsonNode> byName = new HashMap<>();
    private final Map<JsonNode, String> names = new java.util.IdentityHashMap<>();
    /** Kind schemas found so far: the search scans every schema of a group-version, once per kind. */
    private final Map<String, Optional<JsonNode>> byKind = new ConcurrentHashMap<>();

    Schemas(ResourceRegistry registry) {
        for (String gv : registry.builtInGroupVersions()) {
            ObjectNode schemas = load(gv);
            byGroupVersion.put(gv, schemas);
            schemas.fields().forEachRemaining(e -> {
                byName.put(e.getKey(), e.getValue());
                names.put(e.getValue(), e.getKey().substring(e.getKey().lastIndexOf('.') + 1));
            });
        }
    }

    /** Every schema of a group-version (the {@code components.schemas} of its document). */
    ObjectNode of(String groupVersion) {
        return byGroupVersion.getOrDefault(groupVersion, Json.object());
    }

    /** The schema of a served kind, found by its group-version-kind extension. */
    Optional<JsonNode> kind(ResourceType type) {
        return byKind.computeIfAbsent(type.apiVersion() + "/" + type.kind(), k -> find(type));
    }

    private Optional<JsonNode> find(ResourceType type) {
        for (JsonNode schema : of(type.apiVersion())) {
            for (JsonNode gvk : schema.path("x-kubernetes-group-version-kind")) {
                if (gvk.path("kind").asText().equals(type.kind()) && gvk.path("group").asText().equals(type.group())) {
                    return Optional.of(schema);
                }
            }
        }
        return Optional.empty();
    }

    /** Follows a {@code $ref}; other schemas are returned as they are. */
    JsonNode resolve(JsonNode schema) {
        String ref = Json.text(schema, "$ref");
        if (ref == null) {
            return schema;
        }
        return byName.getOrDefault(ref.substring(ref.lastIndexOf('/') + 1), Json.object());
    }

    /** The Go-like type name of a struct schema (its schema name's last segment, e.g. "PodSpec"). */
    String structName(JsonNode struct) {
        return names.getOrDefault(struct, "Object");
    }

    static String file(String groupVersion) {
        return groupVersion.replace('/', '_').replace('.', '_') + ".json";
    }

    private static ObjectNode load(String groupVersion) {
        try (InputStream in = Schemas.class.getResourceAsStream("/openapi/" + file(groupVersion))) {
            return in == null ? Json.object() : Json.readStored(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
