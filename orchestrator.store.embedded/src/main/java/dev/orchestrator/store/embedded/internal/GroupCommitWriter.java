package dev.orchestrator.store.embedded.internal;

import dev.orchestrator.api.store.StoreUnavailableException;
import dev.orchestrator.api.store.WatchEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only thread that writes versions. It takes every write waiting in its queue (up to
 * a batch limit), applies them in order with consecutive revisions, appends the batch to the
 * {@link WriteAheadLog} and forces it to disk once, and only then acknowledges the writes and
 * publishes their events. Concurrent writers thus share one fsync, and a reader never sees a
 * write that a crash could still take back. The store file itself is committed only at
 * checkpoints (every {@value #CHECKPOINT_MILLIS} ms while writes come, when they pause, and
 * for a flush), which then empty the log.
 */
final class GroupCommitWriter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final long IDLE_HOUSEKEEPING_MILLIS = 30_000;
    /** How long a commit waits for more writes while several clients write at once. */
    private static final long GATHER_NANOS = 1_000_000;
    /**
     * How often the store file is committed while writes come. A commit's cost grows far less than the writes in
     * it (it rewrites the changed pages, their parents and the chunk's layout), so rare commits cost little per
     * write; the checkpoint holds the writes queued behind it, so it is kept short.
     */
    static final long CHECKPOINT_MILLIS = 200;
    /** A log this large is checkpointed at once, whatever the time: replay after a crash stays quick. */
    private static final long CHECKPOINT_LOG_BYTES = 32 << 20;

    private final MVStore mvStore;
    private final History history;
    private final WriteAheadLog log;
    private final boolean fsync;
    private final int maxBatch;
    private final Consumer<List<WatchEvent>> publisher;
    private final BooleanSupplier coresBusy;
    private final BlockingQueue<WriteOp> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile long committedRevision;
    private long lastHousekeeping = System.currentTimeMillis();
    private long lastCheckpoint = System.nanoTime();
    private int lastBatchSize;

    /** @param coresBusy whether the machine's cores are nearly saturated: only then does a commit wait for more writes */
    GroupCommitWriter(MVStore mvStore, History history, WriteAheadLog log, boolean fsync, int maxBatch,
                      Consumer<List<WatchEvent>> publisher, BooleanSupplier coresBusy, String threadName) {
        this.mvStore = mvStore;
        this.history = history;
        this.log = log;
        this.fsync = fsync;
        this.maxBatch = maxBatch;
        this.publisher = publisher;
        this.coresBusy = coresBusy;
        this.committedRevision = history.storedRevision();
        this.thread = new Thread(this, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The newest durable revision; reads at or below it see only durable writes. */
    long committedRevision() {
        return committedRevision;
    }

    /** Queues a write; its future completes once durable, or fails with the reason. */
    WriteOp submit(WriteOp op) {
        if (stopping) {
            throw new StoreUnavailableException("the embedded store is closed");
        }
        queue.add(op);
        if (stopping && queue.remove(op)) {
            throw new StoreUnavailableException("the embedded store is closed");
        }
        return op;
    }

    /** Commits what is queued, then stops the thread (waiting at most {@code millis}). */
    void stop(long millis) throws InterruptedException {
        stopping = true;
        queue.add(WriteOp.flush()); // wakes the writer now instead of at its next poll timeout
        thread.join(millis);
        for (WriteOp op; (op = queue.poll()) != null; ) {
            op.result.completeExceptionally(new StoreUnavailableException("the embedded store is closed"));
        }
    }

    @Override
    public void run() {
        try {
            writeUntilStopped();
        } finally {
            checkpointIfLogged(); // the stop's flush checkpointed already, unless the thread was interrupted
        }
    }

    private void writeUntilStopped() {
        List<WriteOp> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                WriteOp first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    checkpointIfLogged();
                    housekeepIfIdle();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                boolean busy = coresBusy.getAsBoolean(); // asked every batch, so that it samples recent load
                if (lastBatchSize > 1 && busy) {
                    gather(batch);
                }
                lastBatchSize = batch.size();
                commit(batch);
                if (stopping && queue.isEmpty()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("group commit failed; writes of the batch were not acknowledged", e);
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * While several clients write at once (the last batch held more than one write) and the cores are nearly
     * saturated, waits a little for more writes to share this commit. A commit costs far more than the writes in it
     * (MVStore writes a chunk: the changed pages, their parents and the chunk's metadata), so under concurrent writes
     * larger batches cost less CPU per write (16 clients writing 3 KB values at ~750/s: the writer's CPU per write fell
     * from ~0.2 to ~0.1 ms with a 1 ms wait; the controller benchmark needs ~20 % more CPU without it). With cores to
     * spare the wait saves nothing anyone needs and only adds latency: one client creating pods one after another while
     * the scheduler binds them writes in batches of two or three (the create, the binding, the Scheduled event), and a
     * wait there held the client's next create, which it cannot send before this commit answers (its create p50: ~2.1
     * ms with the wait, ~1.4 ms without, the cores ~60 % busy). A lone sequential client never waits.
     */
    private void gather(List<WriteOp> batch) throws InterruptedException {
        long deadline = System.nanoTime() + GATHER_NANOS;
        while (batch.size() < maxBatch) {
            long left = deadline - System.nanoTime();
            WriteOp next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, maxBatch - batch.size());
        }
    }

    private void commit(List<WriteOp> batch) {
        long revision = committedRevision;
        List<WatchEvent> events = new ArrayList<>(batch.size());
        List<Version> written = new ArrayList<>(batch.size());
        boolean flush = false;
        try {
            for (WriteOp op : batch) {
                if (op.apply(history, revision + 1)) {
                    revision++;
                    events.add(op.event);
                    written.add(op.written);
                } else {
                    flush |= op.kind == WriteOp.Kind.FLUSH;
                }
            }
            if (!written.isEmpty()) {
                history.setRevision(revision);
                log.append(revision, written);
            }
        } catch (RuntimeException e) {
            undo(written, e);
            StoreUnavailableException failure = new StoreUnavailableException("commit to the embedded store failed: " + e, e);
            batch.forEach(op -> op.result.completeExceptionally(failure));
            throw e;
        }
        committedRevision = revision;
        for (WriteOp op : batch) {
            if (op.event != null) {
                op.result.complete(op.event);
            }
        }
        if (!events.isEmpty()) {
            publisher.accept(events);
        }
        if (flush || checkpointDue()) {
            checkpointFor(batch);
        }
    }

    /** The next batch reuses these revisions: none of this batch's versions may stay behind. */
    private void undo(List<Version> written, RuntimeException cause) {
        try {
            written.forEach(history::undo);
            history.setRevision(committedRevision);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private boolean checkpointDue() {
        return log.size() > 0 && (System.nanoTime() - lastCheckpoint >= CHECKPOINT_MILLIS * 1_000_000
                || log.size() >= CHECKPOINT_LOG_BYTES);
    }

    /** Checkpoints, then completes the batch's flushes (which wait for the store file). */
    private void checkpointFor(List<WriteOp> batch) {
        RuntimeException failure = tryCheckpoint();
        for (WriteOp op : batch) {
            if (op.kind == WriteOp.Kind.FLUSH) {
                if (failure == null) {
                    op.result.complete(null);
                } else {
                    op.result.completeExceptionally(new StoreUnavailableException(
                            "checkpoint of the embedded store failed: " + failure, failure));
                }
            }
        }
    }

    private void checkpointIfLogged() {
        if (log.size() > 0) {
            tryCheckpoint();
        }
    }

    /** @return why the checkpoint failed, or null; the log still holds every acknowledged write either way */
    private RuntimeException tryCheckpoint() {
        try {
            checkpoint();
            return null;
        } catch (RuntimeException e) {
            LOG.error("checkpoint of the store file failed; its writes stay in the log, the next checkpoint retries", e);
            return e;
        }
    }

    /** Commits the store file, forces it to disk, then empties the log that it now holds. */
    private void checkpoint() {
        mvStore.commit();
        if (fsync) {
            mvStore.sync();
        }
        log.reset();
        lastCheckpoint = System.nanoTime();
    }

    /** When writes pause, rewrite sparse chunks so the file does not keep growing. */
    private void housekeepIfIdle() {
        long now = System.currentTimeMillis();
        if (now - lastHousekeeping < IDLE_HOUSEKEEPING_MILLIS) {
            return;
        }
        lastHousekeeping = now;
        try {
            mvStore.compact(60, 16 << 20);
            checkpoint();
        } catch (RuntimeException e) {
            LOG.warn("store file housekeeping failed; will retry", e);
        }
    }
}
