package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The field paths of an object of one resource, as managedFields record them: every leaf (scalar,
 * atomic list or object, empty object or list), each list-map item ({@code k:}) and set item
 * ({@code v:}) itself. Fields the server owns (apiVersion, kind, name, uid, resourceVersion, ...)
 * are no one's, as in Kubernetes; writes of the main resource leave status out, status writes
 * see only status.
 */
final class ObjectFields {

    private static final Set<String> SERVER_METADATA = Set.of("name", "namespace", "uid", "resourceVersion",
            "generation", "creationTimestamp", "selfLink", "managedFields", "deletionTimestamp",
            "deletionGracePeriodSeconds");

    private final ResourceType type;
    private final ListTypes types;
    private final boolean statusScope;

    ObjectFields(ResourceType type, ListTypes types, String subresource) {
        this.type = type;
        this.types = types;
        this.statusScope = "status".equals(subresource);
    }

    /** Every path of {@code object}. */
    FieldSet of(JsonNode object) {
        return changed(null, object);
    }

    /** The paths of {@code updated} that {@code old} lacks or holds with another value (all, when old is null). */
    FieldSet changed(JsonNode old, JsonNode updated) {
        FieldSet set = new FieldSet();
        if (updated instanceof ObjectNode o) {
            fields(o, old, new ArrayList<>(), set);
        }
        set.prune();
        return set;
    }

    private boolean skipped(List<String> path, String field) {
        if (path.isEmpty()) {
            if (field.equals("apiVersion") || field.equals("kind")) {
                return true;
            }
            if (statusScope) {
                return !field.equals("status");
            }
            return field.equals("status") && type.hasStatus();
        }
        return path.size() == 1 && path.get(0).equals("metadata") && SERVER_METADATA.contains(field);
    }

    private void fields(ObjectNode object, JsonNode old, List<String> path, FieldSet set) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isNull() || skipped(path, f.getKey())) {
                continue;
            }
            path.add(f.getKey());
            value(f.getValue(), old == null ? null : old.get(f.getKey()), path, set.child("f:" + f.getKey()));
            path.remove(path.size() - 1);
        }
    }

    private void value(JsonNode value, JsonNode old, List<String> path, FieldSet node) {
        if (value instanceof ObjectNode o && !o.isEmpty() && !types.atomicObject(type, path)) {
            fields(o, old, path, node);
        } else if (value instanceof ArrayNode a && !a.isEmpty()) {
            list(a, old, path, node);
        } else if (old == null || !old.equals(value)) {
            node.markMember();
        }
    }

    private void list(ArrayNode items, JsonNode old, List<String> path, FieldSet node) {
        ListType listType = types.listType(type, path);
        Map<String, JsonNode> keyed = listType.kind() == ListType.Kind.ATOMIC ? null : byKey(items, listType);
        if (keyed == null) { // atomic, or items the keys cannot tell apart: the list is one value
            if (old == null || !old.equals(items)) {
                node.markMember();
            }
            return;
        }
        Map<String, JsonNode> oldKeyed = old instanceof ArrayNode oa ? byKey(oa, listType) : null;
        for (Map.Entry<String, JsonNode> item : keyed.entrySet()) {
            JsonNode oldItem = oldKeyed == null ? null : oldKeyed.get(item.getKey());
            FieldSet child = node.child(item.getKey());
            if (oldItem == null) {
                child.markMember();
            }
            if (listType.kind() == ListType.Kind.MAP && item.getValue() instanceof ObjectNode o) {
                fields(o, oldItem, path, child);
            }
        }
    }

    /** The items of a list by their path element ({@code k:} or {@code v:}); null when two share one or one has none. */
    static Map<String, JsonNode> byKey(ArrayNode items, ListType listType) {
        Map<String, JsonNode> keyed = new java.util.LinkedHashMap<>();
        for (JsonNode item : items) {
            String key = element(item, listType);
            if (key == null || keyed.put(key, item) != null) {
                return null;
            }
        }
        return keyed;
    }

    /** The path element of one item of a set or list-map, null when a list-map item lacks its keys. */
    static String element(JsonNode item, ListType listType) {
        if (listType.kind() == ListType.Kind.SET) {
            return item.isContainerNode() ? null : "v:" + item;
        }
        if (!item.isObject()) {
            return null;
        }
        ObjectNode key = Json.object();
        for (String k : new TreeSet<>(listType.keys())) {
            JsonNode v = item.get(k);
            if (v == null || v.isNull()) {
                String fallback = listType.keyDefaults().get(k);
                if (fallback == null) {
                    continue; // Kubernetes allows optional keys; the item is told apart by the others
                }
                key.put(k, fallback);
            } else {
                key.set(k, v);
            }
        }
        return key.isEmpty() ? null : "k:" + key;
    }

    /** Index of list items for merging: path element to position. */
    static Map<String, Integer> positions(ArrayNode items, ListType listType) {
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String key = element(items.get(i), listType);
            if (key != null) {
                at.putIfAbsent(key, i);
            }
        }
        return at;
    }
}
