package dev.orchestrator.store.embedded.internal;

import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.StoreUnavailableException;
import dev.orchestrator.store.support.StoreInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;

/**
 * Builds a new embedded store file from restored keys, outside of any running store (the restore tool runs it
 * offline, before the process starts on the directory).
 *
 * <p>Each key keeps its create and modification revisions, and the store's revision becomes the snapshot's, so
 * the resourceVersions clients hold from before the backup stay valid, and the next write gets a higher revision
 * than any of them. Only the newest version of each key exists, so the history before the snapshot revision is
 * marked compacted: a list or watch from an older revision gets {@code ExpiredException} (HTTP 410, the client
 * lists again), never events that skip deletions. Keys are committed in batches; nothing is durable (or marked
 * complete) before {@link #finish}.
 */
public final class EmbeddedStoreLoader implements AutoCloseable {

    private static final int BATCH = 1_000;

    private final MVStore mvStore;
    private final History history;
    private final int maxValueBytes;
    private long loaded;
    private long newestModRevision;

    /** Opens a new store file in {@code dataDir}, which must not hold one already. */
    public EmbeddedStoreLoader(Path dataDir) throws IOException {
        this(dataDir, EmbeddedStore.Settings.defaults(dataDir).maxValueBytes());
    }

    EmbeddedStoreLoader(Path dataDir, int maxValueBytes) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(EmbeddedStore.FILE_NAME);
        for (Path existing : new Path[] {file, dataDir.resolve(WriteAheadLog.FILE_NAME)}) {
            if (Files.exists(existing)) {
                throw new IllegalStateException("a store file exists already: " + existing);
            }
        }
        this.mvStore = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        this.history = new History(mvStore);
        this.maxValueBytes = maxValueBytes;
    }

    /** Adds one key with its revisions as they were in the snapshot. */
    public void put(KeyValue kv) {
        StoreInput.value(StoreInput.key(kv.key()), kv.value(), maxValueBytes);
        history.put(new Version(kv.key(), kv.modRevision(), true, kv.createRevision(), kv.version(), kv.value()));
        newestModRevision = Math.max(newestModRevision, kv.modRevision());
        if (++loaded % BATCH == 0) {
            mvStore.commit();
        }
    }

    /**
     * Sets the store's revision to {@code revision} (and marks the history before it compacted), commits and
     * syncs the file.
     */
    public void finish(long revision) {
        if (revision < newestModRevision) {
            throw new IllegalArgumentException("the snapshot revision " + revision
                    + " is older than a restored key's revision " + newestModRevision);
        }
        history.setRevision(revision);
        history.markCompacted(revision);
        mvStore.commit();
        mvStore.sync();
    }

    public long loaded() {
        return loaded;
    }

    @Override
    public void close() {
        try {
            mvStore.close();
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("closing the restored store failed: " + e.getMessage(), e);
        }
    }

}
