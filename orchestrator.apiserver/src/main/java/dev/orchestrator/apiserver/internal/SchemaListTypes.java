package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * List and map types for server-side apply and managedFields: a custom resource's from its version's
 * schema ({@code x-kubernetes-list-type} set/map with {@code x-kubernetes-list-map-keys},
 * {@code x-kubernetes-map-type: atomic}), the built-in kinds' from {@link BuiltinListTypes}.
 */
final class SchemaListTypes implements ListTypes {

    static final SchemaListTypes INSTANCE = new SchemaListTypes();

    private SchemaListTypes() {
    }

    @Override
    public ListType listType(ResourceType type, List<String> path) {
        if (!(type.strategy() instanceof CustomResourceStrategy custom)) {
            return BuiltinListTypes.INSTANCE.listType(type, path);
        }
        JsonNode schema = at(custom.openApiSchema(), path);
        String listType = schema.path("x-kubernetes-list-type").asText("");
        if ("set".equals(listType)) {
            return ListType.SET;
        }
        if ("map".equals(listType)) {
            List<String> keys = new ArrayList<>();
            schema.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
            return keys.isEmpty() ? ListType.ATOMIC : ListType.map(keys.toArray(String[]::new));
        }
        return ListType.ATOMIC;
    }

    @Override
    public boolean atomicObject(ResourceType type, List<String> path) {
        if (!(type.strategy() instanceof CustomResourceStrategy custom)) {
            return BuiltinListTypes.INSTANCE.atomicObject(type, path);
        }
        return "atomic".equals(at(custom.openApiSchema(), path).path("x-kubernetes-map-type").asText(""));
    }

    /** The schema at a field path (list positions left out: a list's items are stepped through). */
    private static JsonNode at(JsonNode root, List<String> path) {
        JsonNode s = root;
        for (String field : path) {
            while ("array".equals(s.path("type").asText())) {
                s = s.path("items");
            }
            JsonNode property = s.path("properties").path(field);
            s = property.isMissingNode() ? s.path("additionalProperties") : property;
            if (s.isMissingNode() || !s.isObject()) {
                return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
        }
        return s;
    }
}
