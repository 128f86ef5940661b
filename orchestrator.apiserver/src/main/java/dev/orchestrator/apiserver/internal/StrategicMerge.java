package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes strategic merge patch for the built-in kinds: lists of objects with a merge
 * key (containers by name, container ports by containerPort, service ports by port, ...)
 * merge item by item; other lists are replaced. Directives: {@code $patch}
 * (replace/delete/merge), {@code $setElementOrder/<list>}, {@code $deleteFromPrimitiveList/<list>},
 * {@code $retainKeys}, and null to delete a key.
 */
final class StrategicMerge {

    private StrategicMerge() {
    }

    static ObjectNode apply(ObjectNode target, ObjectNode patch) {
        return mergeObject(target.deepCopy(), patch, List.of());
    }

    private static ObjectNode mergeObject(ObjectNode target, ObjectNode patch, List<String> path) {
        String directive = Json.text(patch, "$patch");
        if ("replace".equals(directive)) {
            ObjectNode replaced = patch.deepCopy();
            replaced.remove("$patch");
            return replaced;
        }
        if ("delete".equals(directive)) {
            return Json.object();
        }
        JsonNode retainKeys = patch.get("$retainKeys");
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = f.getKey();
            JsonNode value = f.getValue();
            if (key.startsWith("$")) {
                if (key.startsWith("$deleteFromPrimitiveList/")) {
                    deleteFromPrimitiveList(target, key.substring("$deleteFromPrimitiveList/".length()), value);
                }
                continue;
            }
            if (value.isNull()) {
                target.remove(key);
                continue;
            }
            JsonNode current = target.get(key);
            List<String> childPath = append(path, key);
            if (value.isObject() && current != null && current.isObject()) {
                ObjectNode merged = mergeObject((ObjectNode) current, (ObjectNode) value, childPath);
                if ("delete".equals(Json.text(value, "$patch"))) {
                    target.remove(key);
                } else {
                    target.set(key, merged);
                }
            } else if (value.isArray() && current != null && current.isArray()) {
                target.set(key, mergeList((ArrayNode) current, (ArrayNode) value, childPath,
                        patch.get("$setElementOrder/" + key)));
            } else if (value.isObject()) {
                target.set(key, clean((ObjectNode) value));
            } else if (value.isArray()) {
                target.set(key, cleanList((ArrayNode) value));
            } else {
                target.set(key, value.deepCopy());
            }
        }
        if (retainKeys != null && retainKeys.isArray()) {
            Set<String> keep = new HashSet<>();
            retainKeys.forEach(k -> keep.add(k.asText()));
            List<String> drop = new ArrayList<>();
            target.fieldNames().forEachRemaining(k -> {
                if (!keep.contains(k)) {
                    drop.add(k);
                }
            });
            drop.forEach(target::remove);
        }
        return target;
    }

    private static JsonNode mergeList(ArrayNode current, ArrayNode patch, List<String> path, JsonNode order) {
        String mergeKey = mergeKey(path);
        if (mergeKey == null) {
            boolean replace = false;
            ArrayNode values = Json.array();
            for (JsonNode item : patch) {
                if (item.isObject() && "replace".equals(Json.text(item, "$patch"))) {
                    replace = true;
                } else {
                    values.add(item.deepCopy());
                }
            }
            return replace || !isPrimitiveMergeList(path) ? values : unionPrimitives(current, values);
        }
        ArrayNode result = current.deepCopy();
        for (JsonNode item : patch) {
            if (!item.isObject()) {
                // A list merged by key holds objects; Kubernetes refuses anything else.
                throw ApiException.badRequest("the strategic merge patch is invalid: " + String.join(".", path)
                        + ": cannot merge " + item.getNodeType().name().toLowerCase() + " " + item
                        + " into a list of objects merged by \"" + mergeKey + "\"");
            }
            if ("replace".equals(Json.text(item, "$patch"))) {
                return cleanList(withoutDirective(patch));
            }
            JsonNode keyValue = item.get(mergeKey);
            int index = indexOf(result, mergeKey, keyValue);
            if ("delete".equals(Json.text(item, "$patch"))) {
                if (index >= 0) {
                    result.remove(index);
                }
            } else if (index >= 0) {
                result.set(index, mergeObject((ObjectNode) result.get(index), (ObjectNode) item, path));
            } else {
                result.add(clean((ObjectNode) item));
            }
        }
        return order != null && order.isArray() ? reorder(result, order, mergeKey) : result;
    }

    /** Lists of plain values that merge as a set (finalizers), the rest are replaced. */
    private static boolean isPrimitiveMergeList(List<String> path) {
        return path.size() >= 1 && path.get(path.size() - 1).equals("finalizers");
    }

    private static ArrayNode unionPrimitives(ArrayNode current, ArrayNode added) {
        ArrayNode result = current.deepCopy();
        for (JsonNode v : added) {
            boolean present = false;
            for (JsonNode c : result) {
                present |= c.equals(v);
            }
            if (!present) {
                result.add(v);
            }
        }
        return result;
    }

    private static ArrayNode reorder(ArrayNode items, JsonNode order, String mergeKey) {
        ArrayNode sorted = Json.array();
        List<JsonNode> remaining = new ArrayList<>();
        items.forEach(remaining::add);
        for (JsonNode o : order) {
            JsonNode key = o.get(mergeKey);
            for (Iterator<JsonNode> it = remaining.iterator(); it.hasNext(); ) {
                JsonNode item = it.next();
                if (key != null && key.equals(item.get(mergeKey))) {
                    sorted.add(item);
                    it.remove();
                    break;
                }
            }
        }
        remaining.forEach(sorted::add);
        return sorted;
    }

    private static void deleteFromPrimitiveList(ObjectNode target, String field, JsonNode values) {
        JsonNode list = target.get(field);
        if (!(list instanceof ArrayNode array) || !values.isArray()) {
            return;
        }
        for (int i = array.size() - 1; i >= 0; i--) {
            for (JsonNode v : values) {
                if (array.get(i).equals(v)) {
                    array.remove(i);
                    break;
                }
            }
        }
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (value != null && value.equals(list.get(i).get(key))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The merge key of a list, from the Kubernetes API types (patchMergeKey); null when
     * the list is replaced as a whole.
     */
    static String mergeKey(List<String> path) {
        return BuiltinListTypes.forPath(path).mergeKey();
    }

    private static ObjectNode clean(ObjectNode value) {
        ObjectNode copy = value.deepCopy();
        List<String> directives = new ArrayList<>();
        copy.fieldNames().forEachRemaining(k -> {
            if (k.startsWith("$")) {
                directives.add(k);
            }
        });
        directives.forEach(copy::remove);
        copy.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                e.setValue(clean((ObjectNode) e.getValue()));
            } else if (e.getValue().isArray()) {
                e.setValue(cleanList((ArrayNode) e.getValue()));
            }
        });
        return copy;
    }

    private static ArrayNode cleanList(ArrayNode list) {
        ArrayNode copy = Json.array();
        for (JsonNode item : list) {
            if (item.isObject()) {
                if ("delete".equals(Json.text(item, "$patch"))) {
                    continue;
                }
                copy.add(clean((ObjectNode) item));
            } else {
                copy.add(item.deepCopy());
            }
        }
        return copy;
    }

    private static ArrayNode withoutDirective(ArrayNode patch) {
        ArrayNode copy = Json.array();
        for (JsonNode item : patch) {
            if (!(item.isObject() && item.has("$patch") && item.size() == 1)) {
                copy.add(item);
            }
        }
        return copy;
    }

    private static List<String> append(List<String> path, String key) {
        List<String> next = new ArrayList<>(path);
        next.add(key);
        return next;
    }
}
