package dev.orchestrator.store.embedded.internal;

import dev.orchestrator.api.store.ConflictException;
import dev.orchestrator.api.store.KeyExistsException;
import dev.orchestrator.api.store.KeyNotFoundException;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.WatchEvent;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A write waiting for the group-commit writer. {@link #apply} checks the precondition
 * against the newest state and records the new version; the future completes only after
 * the batch holding it is durable.
 */
final class WriteOp {

    enum Kind { CREATE, UPDATE, DELETE, FLUSH }

    final Kind kind;
    final String key;
    final byte[] value;
    final long expectedRevision;
    final CompletableFuture<WatchEvent> result = new CompletableFuture<>();
    WatchEvent event;
    /** The version {@link #apply} recorded, for the log and for undoing a batch that failed. */
    Version written;

    private WriteOp(Kind kind, String key, byte[] value, long expectedRevision) {
        this.kind = kind;
        this.key = key;
        this.value = value;
        this.expectedRevision = expectedRevision;
    }

    static WriteOp create(String key, byte[] value) {
        return new WriteOp(Kind.CREATE, key, value, Store.ANY_REVISION);
    }

    static WriteOp update(String key, byte[] value, long expectedRevision) {
        return new WriteOp(Kind.UPDATE, key, value, expectedRevision);
    }

    static WriteOp delete(String key, long expectedRevision) {
        return new WriteOp(Kind.DELETE, key, null, expectedRevision);
    }

    /** Commits whatever is pending (compaction removals) without writing a revision. */
    static WriteOp flush() {
        return new WriteOp(Kind.FLUSH, null, null, Store.ANY_REVISION);
    }

    /**
     * Applies the write at {@code revision} if its precondition holds.
     *
     * @return whether the write used the revision (false: failed or a flush)
     */
    boolean apply(History history, long revision) {
        if (kind == Kind.FLUSH) {
            return false;
        }
        Optional<Version> current = history.latest(key).filter(Version::live);
        try {
            event = switch (kind) {
                case CREATE -> create(history, revision, current);
                case UPDATE -> update(history, revision, current);
                case DELETE -> delete(history, revision, current);
                case FLUSH -> throw new IllegalStateException();
            };
            return true;
        } catch (RuntimeException precondition) {
            result.completeExceptionally(precondition);
            return false;
        }
    }

    private WatchEvent create(History history, long revision, Optional<Version> current) {
        if (current.isPresent()) {
            throw new KeyExistsException("key '" + key + "' already exists (created at revision "
                    + current.get().createRevision() + ")");
        }
        Version v = record(history, new Version(key, revision, true, revision, 1, value));
        return WatchEvent.added(v.toKeyValue());
    }

    private WatchEvent update(History history, long revision, Optional<Version> current) {
        Version old = checked(current);
        Version v = record(history, new Version(key, revision, true, old.createRevision(), old.version() + 1, value));
        return WatchEvent.modified(v.toKeyValue(), old.toKeyValue());
    }

    private WatchEvent delete(History history, long revision, Optional<Version> current) {
        Version old = checked(current);
        record(history, new Version(key, revision, false, old.createRevision(), 0, new byte[0]));
        return WatchEvent.deleted(revision, old.toKeyValue());
    }

    private Version record(History history, Version v) {
        history.put(v);
        written = v;
        return v;
    }

    private Version checked(Optional<Version> current) {
        Version old = current.orElseThrow(() -> new KeyNotFoundException("key '" + key + "' does not exist"));
        if (expectedRevision != Store.ANY_REVISION && old.modRevision() != expectedRevision) {
            throw new ConflictException("key '" + key + "' is at revision " + old.modRevision()
                    + ", not at the expected revision " + expectedRevision);
        }
        return old;
    }
}
