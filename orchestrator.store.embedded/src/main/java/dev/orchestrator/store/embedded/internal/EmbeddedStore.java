package dev.orchestrator.store.embedded.internal;

import dev.orchestrator.api.store.Deletion;
import dev.orchestrator.api.store.ExpiredException;
import dev.orchestrator.api.store.FutureRevisionException;
import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.ListRequest;
import dev.orchestrator.api.store.ListResult;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.StoreUnavailableException;
import dev.orchestrator.api.store.Watch;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import dev.orchestrator.store.support.StoreInput;
import dev.orchestrator.store.support.NamedThreads;
import dev.orchestrator.store.support.WatchDelivery;
import dev.orchestrator.store.support.WatchFeed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link Store}: an H2 MVStore file in one directory, written by a single
 * group-commit thread (see {@link GroupCommitWriter}), with multi-version history (see
 * {@link History}) and watches fed from each committed batch (see {@link WatchHub}).
 * {@link EmbeddedStoreComponent} runs it inside OSGi; tests and benchmarks construct it.
 */
public final class EmbeddedStore implements Store, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);
    static final String FILE_NAME = "orchestrator.mv.db";

    private final Settings settings;
    private final MVStore mvStore;
    private final History history;
    private final WriteAheadLog log;
    private final GroupCommitWriter writer;
    private final WatchHub hub = new WatchHub();
    private final WatchDelivery watchDelivery;
    private final ScheduledExecutorService compactor;
    private final AtomicLong compacted = new AtomicLong();
    private volatile boolean closed;

    /** What the store needs to run; see {@link EmbeddedStoreConfig} for the meaning. */
    public record Settings(Path dataDir, int maxValueBytes, boolean fsync, int maxBatch, int watchBacklog,
                           int watchThreads, int compactionIntervalSeconds) {

        /** Defaults for a store in {@code dataDir}. */
        public static Settings defaults(Path dataDir) {
            return new Settings(dataDir, 3 * 1024 * 1024, true, 1024, 10_000, 2, 0);
        }
    }

    public EmbeddedStore(Settings settings) {
        this.settings = settings;
        Path file = settings.dataDir().resolve(FILE_NAME);
        try {
            Files.createDirectories(settings.dataDir());
            this.mvStore = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        } catch (Exception e) {
            throw new StoreUnavailableException("cannot open the embedded store at " + file + ": " + e.getMessage(), e);
        }
        // Freed chunks may be reused this soon: every commit is synced, so nothing older is in flight.
        mvStore.setRetentionTime(1_000);
        this.history = new History(mvStore);
        try {
            replayLog(settings.dataDir());
            this.log = WriteAheadLog.open(settings.dataDir(), settings.fsync());
            log.reset();
        } catch (RuntimeException e) {
            mvStore.close();
            throw e;
        }
        this.compacted.set(history.storedCompacted());
        this.watchDelivery = new WatchDelivery("orch-store-embedded-watch", settings.watchThreads(), settings.watchBacklog());
        this.writer = new GroupCommitWriter(mvStore, history, log, settings.fsync(), settings.maxBatch(), hub::publish,
                MachineCpu.linux(), "orch-store-embedded-writer");
        this.compactor = Executors.newSingleThreadScheduledExecutor(NamedThreads.factory("orch-store-embedded-compactor"));
        writer.start();
        scheduleCompaction(settings.compactionIntervalSeconds());
        LOG.info("embedded store open file={} revision={} compacted={} fsync={}",
                file, writer.committedRevision(), compacted.get(), settings.fsync());
    }

    @Override
    public long currentRevision() {
        checkOpen();
        return writer.committedRevision();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        StoreInput.key(key);
        checkOpen();
        return history.at(key, writer.committedRevision()).map(Version::toKeyValue);
    }

    @Override
    public ListResult list(ListRequest request) {
        StoreInput.prefix(request.prefix());
        checkOpen();
        long revision = readableRevision(request.revision());
        List<KeyValue> items = history.list(request.prefix(), revision, request.limit(), request.startAfter());
        if (request.limit() > 0 && items.size() > request.limit()) {
            List<KeyValue> page = items.subList(0, request.limit());
            return new ListResult(page, revision, Optional.of(page.get(page.size() - 1).key()));
        }
        return new ListResult(items, revision, Optional.empty());
    }

    @Override
    public KeyValue create(String key, byte[] value) {
        StoreInput.value(StoreInput.key(key), value, settings.maxValueBytes());
        return await(writer.submit(WriteOp.create(key, value.clone()))).current().orElseThrow();
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedRevision) {
        StoreInput.value(StoreInput.key(key), value, settings.maxValueBytes());
        StoreInput.revision("expected revision", expectedRevision);
        return await(writer.submit(WriteOp.update(key, value.clone(), expectedRevision))).current().orElseThrow();
    }

    @Override
    public Deletion delete(String key, long expectedRevision) {
        StoreInput.key(key);
        StoreInput.revision("expected revision", expectedRevision);
        WatchEvent event = await(writer.submit(WriteOp.delete(key, expectedRevision)));
        return new Deletion(event.previous().orElseThrow(), event.revision());
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        StoreInput.prefix(prefix);
        checkOpen();
        long[] replayUpTo = new long[1];
        WatchFeed[] self = new WatchFeed[1];
        WatchFeed feed = watchDelivery.newFeed(listener, afterRevision,
                Optional.of(sink -> history.replay(prefix, afterRevision, replayUpTo[0], sink)),
                () -> hub.remove(self[0]));
        self[0] = feed;
        // Register first, then read the committed revision: every event above it reaches the
        // feed live, every event up to it comes from the replay (duplicates are dropped).
        hub.add(prefix, feed);
        replayUpTo[0] = writer.committedRevision();
        try {
            checkAvailable(afterRevision, replayUpTo[0]);
        } catch (StoreException e) {
            feed.discard(); // leaves the hub and the open watches
            throw e;
        }
        feed.start();
        return feed;
    }

    @Override
    public void compact(long revision) {
        checkOpen();
        if (revision > writer.committedRevision()) {
            throw new FutureRevisionException("cannot compact to revision " + revision
                    + ": the newest revision is " + writer.committedRevision());
        }
        if (compacted.getAndAccumulate(revision, Math::max) >= revision) {
            return;
        }
        long started = System.nanoTime();
        long removed = history.compact(revision);
        await(writer.submit(WriteOp.flush()));
        LOG.info("compacted revision={} removedVersions={} tookMs={}", revision, removed,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** @return the number of open watches (for tests and metrics) */
    public int watchCount() {
        return watchDelivery.openCount();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        compactor.shutdownNow();
        try {
            writer.stop(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchDelivery.close(new StoreUnavailableException("the embedded store was closed"));
        try {
            compactor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
        mvStore.close();
        LOG.info("embedded store closed revision={}", writer.committedRevision());
    }

    /**
     * Applies the batches the log holds beyond the store file's revision (acknowledged before a crash, not yet
     * checkpointed), then commits and syncs the store file, so that the log can be emptied.
     */
    private void replayLog(Path dir) {
        long stored = history.storedRevision();
        long newest = stored;
        int replayed = 0;
        for (WriteAheadLog.Batch batch : WriteAheadLog.read(dir)) {
            if (batch.versions().isEmpty() || batch.revision() <= newest) {
                continue; // in the store file already (the log appends no empty batch)
            }
            long first = batch.versions().get(0).modRevision();
            if (first != newest + 1) {
                throw new StoreUnavailableException("the embedded store's log in " + dir + " goes on at revision "
                        + first + " but the store file ends at revision " + newest
                        + ": the writes between are missing; restore the data directory from a backup");
            }
            batch.versions().forEach(history::put);
            history.setRevision(batch.revision());
            newest = batch.revision();
            replayed++;
        }
        if (replayed > 0) {
            mvStore.commit();
            mvStore.sync();
            LOG.info("embedded store recovered {} logged batches: revision {} -> {}", replayed, stored, newest);
        }
    }

    private long readableRevision(long requested) {
        long current = writer.committedRevision();
        return requested == 0 ? current : checkAvailable(requested, current);
    }

    private long checkAvailable(long requested, long current) {
        if (requested > current) {
            throw new FutureRevisionException("revision " + requested + " is newer than the newest revision " + current);
        }
        if (requested < compacted.get()) {
            throw new ExpiredException("revision " + requested + " has been compacted; the oldest available revision is "
                    + compacted.get());
        }
        return requested;
    }

    private void scheduleCompaction(int intervalSeconds) {
        if (intervalSeconds <= 0) {
            return;
        }
        AtomicLong previousTick = new AtomicLong(writer.committedRevision());
        compactor.scheduleWithFixedDelay(() -> {
            try {
                long target = previousTick.getAndSet(writer.committedRevision());
                if (target > compacted.get()) {
                    compact(target);
                }
            } catch (RuntimeException e) {
                LOG.warn("automatic compaction failed; will retry next interval", e);
            }
        }, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreUnavailableException("the embedded store is closed");
        }
    }

    private static WatchEvent await(WriteOp op) {
        try {
            return op.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the write to commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("write failed: " + e.getCause(), e.getCause());
        }
    }
}
