package dev.orchestrator.api.store;

import java.util.Optional;

/**
 * One write seen by a watch.
 *
 * @param type     what happened to the key
 * @param revision the revision of the write
 * @param key      the key written
 * @param current  the new version (empty for {@link Type#DELETED})
 * @param previous the version before the write (empty for {@link Type#ADDED})
 */
public record WatchEvent(Type type, long revision, String key, Optional<KeyValue> current,
                         Optional<KeyValue> previous) {

    /** What a write did to a key. */
    public enum Type { ADDED, MODIFIED, DELETED }

    public static WatchEvent added(KeyValue kv) {
        return new WatchEvent(Type.ADDED, kv.modRevision(), kv.key(), Optional.of(kv), Optional.empty());
    }

    public static WatchEvent modified(KeyValue kv, KeyValue previous) {
        return new WatchEvent(Type.MODIFIED, kv.modRevision(), kv.key(), Optional.of(kv), Optional.of(previous));
    }

    public static WatchEvent deleted(long revision, KeyValue previous) {
        return new WatchEvent(Type.DELETED, revision, previous.key(), Optional.empty(), Optional.of(previous));
    }
}
