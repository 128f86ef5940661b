package dev.orchestrator.apiserver.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drops what a structural schema does not declare, as Kubernetes prunes custom resources: unknown fields go
 * unless a node preserves them; the type fields and the standard metadata of the object (and of embedded
 * resources) always stay.
 */
final class Pruning {

    /** The fields of ObjectMeta; anything else under {@code metadata} is dropped. */
    static final Set<String> OBJECT_META = Set.of("name", "generateName", "namespace", "selfLink", "uid",
            "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
            "labels", "annotations", "ownerReferences", "finalizers", "managedFields");

    private final List<String> pruned = new ArrayList<>();

    private Pruning() {
    }

    static List<String> prune(ObjectNode object, JsonNode schema) {
        Pruning pruning = new Pruning();
        pruning.resource(object, schema, "");
        return pruning.pruned;
    }

    /** Prunes a value (not a whole resource) by its schema, e.g. a schema's default. */
    static List<String> pruneValue(JsonNode value, JsonNode schema) {
        Pruning pruning = new Pruning();
        pruning.value(value, schema, "");
        return pruning.pruned;
    }

    /** An object with apiVersion, kind and metadata: the custom resource itself, or an embedded one. */
    private void resource(ObjectNode object, JsonNode schema, String path) {
        JsonNode metadata = object.get("metadata");
        if (metadata != null && metadata.isObject()) {
            removeUnknown((ObjectNode) metadata, OBJECT_META, join(path, "metadata"));
        }
        fields(object, schema, path, Set.of("apiVersion", "kind", "metadata"));
    }

    private void value(JsonNode value, JsonNode schema, String path) {
        if (value.isObject()) {
            if (SchemaKeywords.embedded(schema)) {
                resource((ObjectNode) value, schema, path);
            } else {
                fields((ObjectNode) value, schema, path, Set.of());
            }
        } else if (value.isArray()) {
            JsonNode items = SchemaKeywords.items(schema);
            if (items != null) {
                ArrayNode array = (ArrayNode) value;
                for (int i = 0; i < array.size(); i++) {
                    value(array.get(i), items, path + "[" + i + "]");
                }
            }
        }
    }

    private void fields(ObjectNode object, JsonNode schema, String path, Set<String> alwaysKept) {
        JsonNode additional = SchemaKeywords.additional(schema);
        boolean keepUnknown = SchemaKeywords.preservesUnknown(schema)
                || schema.path("additionalProperties").asBoolean(false);
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (alwaysKept.contains(name)) {
                continue;
            }
            JsonNode property = SchemaKeywords.property(schema, name);
            String childPath = additional != null ? path + "[" + name + "]" : join(path, name);
            if (property != null) {
                value(field.getValue(), property, childPath);
            } else if (additional != null) {
                value(field.getValue(), additional, childPath);
            } else if (!keepUnknown) {
                pruned.add(childPath);
                fields.remove();
            }
        }
    }

    private void removeUnknown(ObjectNode object, Set<String> known, String path) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                pruned.add(join(path, name));
                names.remove();
            }
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
