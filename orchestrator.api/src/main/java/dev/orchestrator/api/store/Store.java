package dev.orchestrator.api.store;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A durable, multi-version key/value store with compare-and-swap writes and ordered watch.
 *
 * <p>Contract shared by every implementation (checked by the store contract test suite):
 * <ul>
 *   <li>Every write (create, update, delete) is atomic and gets a revision one higher than
 *       any revision before it. A write that returned normally is durable: it survives a
 *       crash of the process.</li>
 *   <li>Reads see every write that returned before the read started.</li>
 *   <li>All methods are thread-safe. No method returns {@code null}.</li>
 *   <li>Errors are the unchecked subclasses of {@link StoreException}; a failed write has
 *       changed nothing.</li>
 * </ul>
 */
@ProviderType
public interface Store {

    /** Passed as an expected revision: apply the write whatever the current revision is. */
    long ANY_REVISION = 0;

    /** @return the revision of the newest write, or 0 when nothing was ever written */
    long currentRevision();

    /**
     * @return the current value of {@code key}, or empty when the key does not exist
     * @throws InvalidKeyException when the key is malformed
     */
    Optional<KeyValue> get(String key);

    /**
     * Lists the keys under a prefix, in ascending key order, as they were at one revision.
     * Pages of one listing are consistent when each later page passes the revision of the
     * first page's {@link ListResult#revision()}.
     *
     * @throws ExpiredException when the requested revision has been compacted
     * @throws FutureRevisionException when the requested revision is newer than the store
     */
    ListResult list(ListRequest request);

    /**
     * Creates a key that must not exist.
     *
     * @return the stored entry with its new revision
     * @throws KeyExistsException when the key exists
     * @throws InvalidKeyException, InvalidValueException on bad input
     */
    KeyValue create(String key, byte[] value);

    /**
     * Replaces the value of an existing key if its current modification revision is
     * {@code expectedRevision} (or unconditionally with {@link #ANY_REVISION}).
     *
     * @return the stored entry with its new revision
     * @throws KeyNotFoundException when the key does not exist
     * @throws ConflictException when the key was modified since {@code expectedRevision}
     */
    KeyValue update(String key, byte[] value, long expectedRevision);

    /**
     * Deletes an existing key if its current modification revision is
     * {@code expectedRevision} (or unconditionally with {@link #ANY_REVISION}).
     *
     * @return the deleted entry and the revision of the deletion
     * @throws KeyNotFoundException when the key does not exist
     * @throws ConflictException when the key was modified since {@code expectedRevision}
     */
    Deletion delete(String key, long expectedRevision);

    /**
     * Watches every key under {@code prefix} for writes with a revision greater than
     * {@code afterRevision}. Events of older revisions are replayed from history first,
     * then live events follow, without gap or duplicate, in revision order.
     *
     * <p>Events are delivered to the listener on a store thread, one call at a time per
     * watch. A listener that cannot keep up (its backlog exceeds the store's bound) gets
     * {@link WatchListener#onClose} with a {@link WatchOverflowException}: the store never
     * slows writers down for a watcher.
     *
     * @param afterRevision deliver events newer than this; pass {@link #currentRevision()}
     *                      for only future writes
     * @throws ExpiredException when {@code afterRevision} is older than the compacted revision
     * @throws FutureRevisionException when {@code afterRevision} is newer than the store
     */
    Watch watch(String prefix, long afterRevision, WatchListener listener);

    /**
     * Discards the history older than {@code revision}: the value each key had at
     * {@code revision} stays readable, older versions go. Lists and watches from before
     * {@code revision} then fail with {@link ExpiredException}. Compacting to a revision
     * at or below an earlier compaction does nothing.
     *
     * @throws FutureRevisionException when {@code revision} is newer than the store
     */
    void compact(long revision);
}
