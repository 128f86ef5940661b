package dev.orchestrator.store.backup;

import dev.orchestrator.api.store.KeyValue;

/**
 * One key of a snapshot, with the revisions the store gave it, so a restore can keep them.
 *
 * @param key            the store key
 * @param value          the value (not copied; callers must not modify it)
 * @param createRevision revision of the write that created the key
 * @param modRevision    revision of the key's newest write (the object's resourceVersion)
 * @param version        writes to the key since its creation
 */
public record SnapshotEntry(String key, byte[] value, long createRevision, long modRevision, long version) {

    public static SnapshotEntry of(KeyValue kv) {
        return new SnapshotEntry(kv.key(), kv.value(), kv.createRevision(), kv.modRevision(), kv.version());
    }
}
