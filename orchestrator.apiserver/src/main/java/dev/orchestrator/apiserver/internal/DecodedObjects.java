package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.store.KeyValue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The decoded form of objects read again and again at the same revision (the Namespace that every namespaced
 * write's admission looks up twice): a read of an unchanged object copies the tree kept here instead of parsing
 * the stored JSON once more. Keyed by store key and checked against the revision read from the store, so it
 * never answers with an older object than the store holds; callers get copies and may change them.
 */
final class DecodedObjects {

    private record Decoded(long revision, ObjectNode object) {
    }

    private final int capacity;
    private final ConcurrentHashMap<String, Decoded> byKey = new ConcurrentHashMap<>();

    /** @param capacity how many keys it holds; when full it starts again empty (the keys that matter return first) */
    DecodedObjects(int capacity) {
        this.capacity = capacity;
    }

    /** The object stored in {@code kv}, decoded, with its resourceVersion; a copy the caller owns. */
    ObjectNode decode(KeyValue kv) {
        Decoded kept = byKey.get(kv.key());
        if (kept != null && kept.revision() == kv.modRevision()) {
            return kept.object().deepCopy();
        }
        ObjectNode decoded = ObjectStorage.decode(kv);
        if (byKey.size() >= capacity) {
            byKey.clear();
        }
        byKey.put(kv.key(), new Decoded(kv.modRevision(), decoded.deepCopy()));
        return decoded;
    }
}
