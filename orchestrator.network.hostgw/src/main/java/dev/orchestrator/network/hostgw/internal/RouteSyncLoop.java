package dev.orchestrator.network.hostgw.internal;

import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that keeps the routes in sync. A change only marks the state dirty; the thread syncs once the
 * debounce time has passed since the first unsynced change, so the burst of Node events at start-up or a
 * re-list costs one sync. It also syncs every resync period, which repairs routes someone deleted or changed
 * by hand, and, while commands fail, again after a back-off that doubles up to the maximum.
 */
final class RouteSyncLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteSyncLoop.class);
    private static final long NEVER = Long.MAX_VALUE;

    /** How long to wait for what. */
    record Timing(Duration debounce, Duration resync, Duration firstRetry, Duration maxRetry) {
    }

    private final Supplier<Optional<List<Node>>> nodes;
    private final RouteSyncer syncer;
    private final Timing timing;
    private final Thread thread;
    // all below guarded by this; times are System.nanoTime() values
    private long dirtySince = System.nanoTime();
    private boolean dirty = true;
    private long nextResync = NEVER;
    private long nextRetry = NEVER;
    private Duration backoff;
    private boolean closed;

    /**
     * @param nodes every Node, empty while the informer has not listed them yet (syncing an empty list then
     *        would delete every route of a running node)
     */
    RouteSyncLoop(Supplier<Optional<List<Node>>> nodes, RouteSyncer syncer, Timing timing) {
        this.nodes = nodes;
        this.syncer = syncer;
        this.timing = timing;
        this.backoff = timing.firstRetry();
        this.thread = new Thread(this::run, "orch-hostgw-sync");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Something a route may depend on changed. */
    synchronized void changed() {
        if (!dirty) {
            dirty = true;
            dirtySince = System.nanoTime();
        }
        notifyAll();
    }

    private void run() {
        while (awaitWork()) {
            Optional<List<Node>> current;
            try {
                current = nodes.get();
            } catch (RuntimeException e) {
                LOG.error("nodes could not be read; routes left as they are", e);
                scheduleAfter(false);
                continue;
            }
            if (current.isEmpty()) {
                continue; // the informer's first list is a change and wakes the loop again
            }
            SyncOutcome outcome;
            try {
                outcome = syncer.sync(current.get());
            } catch (RuntimeException e) {
                LOG.error("host-gw sync failed", e);
                outcome = new SyncOutcome(0, 0, 1);
            }
            scheduleAfter(outcome.clean());
        }
    }

    private synchronized void scheduleAfter(boolean clean) {
        long now = System.nanoTime();
        nextResync = now + timing.resync().toNanos();
        if (clean) {
            nextRetry = NEVER;
            backoff = timing.firstRetry();
        } else {
            nextRetry = now + backoff.toNanos();
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(timing.maxRetry()) > 0 ? timing.maxRetry() : doubled;
        }
    }

    /** Waits until a sync is due; false once closed. */
    private synchronized boolean awaitWork() {
        try {
            while (!closed) {
                long now = System.nanoTime();
                long remaining = Math.min(untilDue(nextResync, now), untilDue(nextRetry, now));
                if (dirty) {
                    remaining = Math.min(remaining, dirtySince + timing.debounce().toNanos() - now);
                }
                if (remaining <= 0) {
                    dirty = false;
                    return true;
                }
                wait(remaining == NEVER ? 0 : Math.max(1, remaining / 1_000_000));
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Nanoseconds until {@code due}; compared by difference, as System.nanoTime() values must be. */
    private static long untilDue(long due, long now) {
        return due == NEVER ? NEVER : due - now;
    }

    /** Stops the thread, waiting for a running sync to end (each of its commands has a timeout). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
