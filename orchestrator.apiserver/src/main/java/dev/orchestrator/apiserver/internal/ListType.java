package dev.orchestrator.apiserver.internal;

import java.util.List;
import java.util.Map;

/**
 * How a list merges, as {@code x-kubernetes-list-type} says: {@link Kind#MAP} items are told apart by
 * their key fields ({@code x-kubernetes-list-map-keys}; a key missing from an item takes its default,
 * as containers' port protocol TCP), {@link Kind#SET} items by their value, {@link Kind#ATOMIC} lists
 * are replaced whole. {@code mergeKey} is the strategic merge patch's {@code patchMergeKey} (null
 * when the list has none), kept beside the list type so that both patch styles read one table.
 */
record ListType(Kind kind, List<String> keys, Map<String, String> keyDefaults, String mergeKey) {

    enum Kind { ATOMIC, SET, MAP }

    static final ListType ATOMIC = new ListType(Kind.ATOMIC, List.of(), Map.of(), null);
    static final ListType SET = new ListType(Kind.SET, List.of(), Map.of(), null);

    static ListType map(String... keys) {
        return new ListType(Kind.MAP, List.of(keys), Map.of(), keys[0]);
    }

    /** A set in server-side apply that strategic merge patch merges as a union of values too. */
    static ListType atomicWithMergeKey(String mergeKey) {
        return new ListType(Kind.ATOMIC, List.of(), Map.of(), mergeKey);
    }

    ListType withDefault(String key, String value) {
        return new ListType(kind, keys, Map.of(key, value), mergeKey);
    }

    ListType withMergeKey(String key) {
        return new ListType(kind, keys, keyDefaults, key);
    }
}
