package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The merge of server-side apply: objects merge field by field, list-map items by their keys, set
 * items by value; atomic lists and objects and scalars are replaced by the applied value. Nulls in
 * an applied configuration set nothing.
 */
final class ApplyMerge {

    private final ResourceType type;
    private final ListTypes listTypes;

    ApplyMerge(ResourceType type, ListTypes listTypes) {
        this.type = type;
        this.listTypes = listTypes;
    }

    /** {@code config} merged into {@code live}, which is changed in place where it is an object. */
    JsonNode merge(JsonNode live, JsonNode config, List<String> path) {
        if (config instanceof ObjectNode c && live instanceof ObjectNode l
                && (path.isEmpty() || !listTypes.atomicObject(type, path))) {
            for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getValue().isNull()) {
                    continue;
                }
                path.add(f.getKey());
                l.set(f.getKey(), merge(l.get(f.getKey()), f.getValue(), path));
                path.remove(path.size() - 1);
            }
            return l;
        }
        if (config instanceof ArrayNode c && live instanceof ArrayNode l) {
            return mergeList(l, c, path);
        }
        return withoutNulls(config);
    }

    private JsonNode mergeList(ArrayNode live, ArrayNode config, List<String> path) {
        ListType listType = listTypes.listType(type, path);
        if (listType.kind() == ListType.Kind.ATOMIC || ObjectFields.byKey(config, listType) == null
                || ObjectFields.byKey(live, listType) == null) {
            return withoutNulls(config);
        }
        ArrayNode result = live.deepCopy();
        Map<String, Integer> positions = ObjectFields.positions(result, listType);
        for (JsonNode item : config) {
            Integer at = positions.get(ObjectFields.element(item, listType));
            if (at == null) {
                result.add(withoutNulls(item));
            } else if (listType.kind() == ListType.Kind.MAP) {
                result.set(at, merge(result.get(at), item, path));
            }
        }
        return result;
    }

    private static JsonNode withoutNulls(JsonNode value) {
        JsonNode copy = value.deepCopy();
        if (copy instanceof ObjectNode o) {
            stripNulls(o);
        }
        return copy;
    }

    private static void stripNulls(ObjectNode o) {
        o.properties().removeIf(e -> e.getValue().isNull());
        o.forEach(v -> {
            if (v instanceof ObjectNode child) {
                stripNulls(child);
            }
        });
    }

    /** Removes every member of {@code fields} from {@code object}: a field, a list-map item, a set value. */
    void remove(ObjectNode object, FieldSet fields) {
        removeFrom(object, fields, new java.util.ArrayList<>());
    }

    private void removeFrom(JsonNode node, FieldSet fields, List<String> path) {
        for (Map.Entry<String, FieldSet> e : fields.children().entrySet()) {
            String element = e.getKey();
            FieldSet below = e.getValue();
            if (element.startsWith("f:") && node instanceof ObjectNode o) {
                String name = element.substring(2);
                if (below.member()) {
                    o.remove(name);
                } else if (o.has(name)) {
                    path.add(name);
                    removeFrom(o.get(name), below, path);
                    path.remove(path.size() - 1);
                }
            } else if ((element.startsWith("k:") || element.startsWith("v:")) && node instanceof ArrayNode a) {
                ListType listType = listTypes.listType(type, path);
                Integer at = ObjectFields.positions(a, listType).get(element);
                if (at != null && below.member()) {
                    a.remove(at);
                } else if (at != null) {
                    removeFrom(a.get(at), below, path);
                }
            }
        }
    }
}
