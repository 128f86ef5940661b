package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of field paths in the shape of Kubernetes' {@code fieldsV1}: a tree whose edges are path
 * elements written as {@code fieldsV1} writes them ({@code f:<name>} a field, {@code k:<json>} the
 * item of a list-map by its keys, {@code v:<json>} the item of a set by its value, {@code i:<n>} a
 * position) and whose nodes may be members themselves ({@code .}; a member without children is
 * written {@code {}}). Mutable while built; callers treat the sets they receive as values.
 */
final class FieldSet {

    static final String SELF = ".";

    private boolean member;
    private final TreeMap<String, FieldSet> children = new TreeMap<>();

    boolean isEmpty() {
        return !member && children.isEmpty();
    }

    boolean member() {
        return member;
    }

    void markMember() {
        member = true;
    }

    /** The child under {@code element}, created when missing (empty children are dropped by {@link #prune()}). */
    FieldSet child(String element) {
        return children.computeIfAbsent(element, e -> new FieldSet());
    }

    FieldSet get(String element) {
        return children.get(element);
    }

    Map<String, FieldSet> children() {
        return children;
    }

    /** Drops children that hold no member; returns whether this set is empty afterwards. */
    boolean prune() {
        children.values().removeIf(FieldSet::prune);
        return isEmpty();
    }

    FieldSet copy() {
        FieldSet copy = new FieldSet();
        copy.member = member;
        children.forEach((k, v) -> copy.children.put(k, v.copy()));
        return copy;
    }

    /** Adds every member of {@code other}. */
    FieldSet union(FieldSet other) {
        member |= other.member;
        other.children.forEach((k, v) -> child(k).union(v));
        return this;
    }

    /** Removes every member of {@code other}. */
    FieldSet minus(FieldSet other) {
        if (other.member) {
            member = false;
        }
        for (Iterator<Map.Entry<String, FieldSet>> it = children.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, FieldSet> e = it.next();
            FieldSet removed = other.children.get(e.getKey());
            if (removed != null && e.getValue().minus(removed).isEmpty()) {
                it.remove();
            }
        }
        return this;
    }

    /** The members in both sets, as a new set. */
    FieldSet intersection(FieldSet other) {
        FieldSet both = new FieldSet();
        both.member = member && other.member;
        children.forEach((k, v) -> {
            FieldSet o = other.children.get(k);
            if (o != null) {
                FieldSet c = v.intersection(o);
                if (!c.isEmpty()) {
                    both.children.put(k, c);
                }
            }
        });
        return both;
    }

    /** Whether {@code path} or anything below it is a member. */
    boolean hasAtOrBelow(List<String> path) {
        FieldSet node = this;
        for (String element : path) {
            node = node.children.get(element);
            if (node == null) {
                return false;
            }
        }
        return !node.isEmpty();
    }

    /** Every member path, depth first in fieldsV1 order. */
    List<List<String>> paths() {
        List<List<String>> paths = new ArrayList<>();
        collect(new ArrayList<>(), paths);
        return paths;
    }

    private void collect(List<String> prefix, List<List<String>> into) {
        if (member) {
            into.add(List.copyOf(prefix));
        }
        children.forEach((k, v) -> {
            prefix.add(k);
            v.collect(prefix, into);
            prefix.remove(prefix.size() - 1);
        });
    }

    ObjectNode toJson() {
        ObjectNode json = Json.object();
        if (member && !children.isEmpty()) {
            json.putObject(SELF);
        }
        children.forEach((k, v) -> json.set(k, v.toJson()));
        return json;
    }

    /** Reads {@code fieldsV1}; a malformed tree is an {@link IllegalArgumentException}. */
    static FieldSet fromJson(JsonNode json) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("fieldsV1 must be an object");
        }
        FieldSet set = new FieldSet();
        if (json.isEmpty()) {
            set.member = true;
            return set;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.equals(SELF)) {
                set.member = true;
            } else if (key.length() > 2 && key.charAt(1) == ':' && "fkvi".indexOf(key.charAt(0)) >= 0) {
                set.children.put(key, fromJson(e.getValue()));
            } else {
                throw new IllegalArgumentException("unknown fieldsV1 path element \"" + key + "\"");
            }
        }
        return set;
    }

    /** A path as Kubernetes prints it in conflicts: {@code .spec.containers[name="app"].image}. */
    static String print(List<String> path) {
        StringBuilder b = new StringBuilder();
        for (String element : path) {
            String rest = element.substring(2);
            switch (element.charAt(0)) {
                case 'f' -> b.append('.').append(rest);
                case 'i' -> b.append('[').append(rest).append(']');
                case 'v' -> b.append("[=").append(rest).append(']');
                default -> {
                    b.append('[');
                    JsonNode keys = Json.parse(rest.getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
                    List<String> parts = new ArrayList<>();
                    keys.fields().forEachRemaining(k -> parts.add(k.getKey() + "=" + k.getValue()));
                    b.append(String.join(",", parts)).append(']');
                }
            }
        }
        return b.toString();
    }
}
