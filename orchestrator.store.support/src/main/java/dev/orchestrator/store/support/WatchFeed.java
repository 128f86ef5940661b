package dev.orchestrator.store.support;

import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.Watch;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import dev.orchestrator.api.store.WatchOverflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Delivers the events of one watch to its listener: one call at a time, in order, on a
 * shared executor, through a bounded backlog.
 *
 * <p>The producer (a store's commit thread or a backend's watch callback) only ever
 * appends to a lock-free queue, so a slow listener can never stall it. When the backlog
 * passes its bound the feed ends itself with a {@link WatchOverflowException}: the
 * watcher must re-list, which is what Kubernetes clients do when a watch ends.
 *
 * <p>A feed may first replay history (see {@link Replay}); live events offered while the
 * replay runs wait in the backlog, and any event at or below the last delivered revision
 * is dropped, so the switch from history to live events has no gap and no duplicate.
 */
public final class WatchFeed implements Watch {

    /** Produces the history a feed delivers before its live events. */
    @FunctionalInterface
    public interface Replay {
        /** Passes batches of past events, in revision order, to {@code sink}. */
        void run(java.util.function.Consumer<List<WatchEvent>> sink);
    }

    private static final int MAX_BATCH = 512;

    private final WatchListener listener;
    private final Executor executor;
    private final int capacity;
    private final Runnable onEnd;
    private final ConcurrentLinkedQueue<WatchEvent> backlog = new ConcurrentLinkedQueue<>();
    private final AtomicInteger backlogSize = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicReference<StoreException> endReason = new AtomicReference<>();
    private volatile Replay replay;
    // Only read and written by the single drain task running at a time.
    private long lastDelivered;
    private boolean closeDelivered;

    /**
     * @param afterRevision the watch's start: events at or below it are never delivered
     * @param capacity      the most undelivered events before the feed overflows
     * @param onEnd         run once when the feed ends for any reason (unregister, cancel)
     */
    public WatchFeed(WatchListener listener, Executor executor, long afterRevision, int capacity,
                     Optional<Replay> replay, Runnable onEnd) {
        this.listener = listener;
        this.executor = executor;
        this.lastDelivered = afterRevision;
        this.capacity = capacity;
        this.replay = replay.orElse(null);
        this.onEnd = onEnd;
    }

    /** Starts delivery; call once the feed is registered with its producer. */
    public void start() {
        schedule();
    }

    /** Appends live events (ascending revisions). Never blocks. */
    public void offer(List<WatchEvent> events) {
        if (ended.get() || events.isEmpty()) {
            return;
        }
        if (backlogSize.addAndGet(events.size()) > capacity) {
            fail(new WatchOverflowException("watcher fell more than " + capacity
                    + " events behind; the watch was ended and must be restarted"));
            return;
        }
        backlog.addAll(events);
        schedule();
    }

    /** Ends the feed with an error the listener will see. */
    public void fail(StoreException reason) {
        end(reason);
    }

    @Override
    public void close() {
        end(null);
    }

    /**
     * Ends a feed that was never started without telling its listener: the watch call that made it failed instead
     * (a compacted revision, say), and the listener learns that from the exception.
     */
    public void discard() {
        if (ended.compareAndSet(false, true)) {
            closeDelivered = true; // no drain has run or will: start() was not called
            onEnd.run();
        }
    }

    /** @return whether the feed has ended */
    public boolean isEnded() {
        return ended.get();
    }

    private void end(StoreException reason) {
        if (ended.compareAndSet(false, true)) {
            endReason.set(reason);
            try {
                onEnd.run();
            } finally {
                schedule();
            }
        }
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException shuttingDown) {
                scheduled.set(false);
                ended.set(true);
            }
        }
    }

    private void drain() {
        try {
            if (!ended.get() && replay != null) {
                Replay history = replay;
                replay = null;
                history.run(this::deliver);
            }
            while (!ended.get()) {
                List<WatchEvent> batch = pollBatch();
                if (batch.isEmpty()) {
                    break;
                }
                deliver(batch);
            }
            if (ended.get() && !closeDelivered) {
                closeDelivered = true;
                backlog.clear();
                listener.onClose(Optional.ofNullable(endReason.get()));
            }
        } catch (StoreException e) {
            end(e);
        } catch (RuntimeException listenerFailure) {
            end(new StoreException("watch listener failed: " + listenerFailure, listenerFailure));
        } finally {
            scheduled.set(false);
            boolean more = !backlog.isEmpty() || (ended.get() && !closeDelivered);
            if (more) {
                schedule();
            }
        }
    }

    private List<WatchEvent> pollBatch() {
        List<WatchEvent> batch = new ArrayList<>();
        WatchEvent e;
        while (batch.size() < MAX_BATCH && (e = backlog.poll()) != null) {
            backlogSize.decrementAndGet();
            batch.add(e);
        }
        return batch;
    }

    private void deliver(List<WatchEvent> events) {
        List<WatchEvent> fresh = new ArrayList<>(events.size());
        for (WatchEvent e : events) {
            if (e.revision() > lastDelivered) {
                fresh.add(e);
                lastDelivered = e.revision();
            }
        }
        if (!fresh.isEmpty() && !ended.get()) {
            listener.onEvents(fresh);
        }
    }
}
