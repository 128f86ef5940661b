package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.api.controller.Expectations;
import dev.orchestrator.api.controller.Request;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * The expectations of one controller (by name). Kept by the runtime component, not by the
 * controller, so that they outlive a reconciler bundle's update: the new version does not act on
 * a primary while creations the old version made are still on their way through the watch.
 * Records older than the timeout count as satisfied (a lost event delays, never blocks).
 */
final class TimedExpectations implements Expectations {

    /** What one primary still awaits: a count of creations and the keys of deletions. */
    private static final class Pending {
        int creations;
        final Set<String> deletions = new HashSet<>();
        final long since;

        Pending(long since) {
            this.since = since;
        }

        boolean fulfilled() {
            return creations <= 0 && deletions.isEmpty();
        }
    }

    private final ConcurrentMap<Request, Pending> pending = new ConcurrentHashMap<>();
    private final long timeoutNanos;
    private final LongSupplier clock;

    TimedExpectations(Duration timeout, LongSupplier nanoClock) {
        this.timeoutNanos = timeout.toNanos();
        this.clock = nanoClock;
    }

    @Override
    public boolean satisfied(Request primary) {
        Pending p = pending.get(primary);
        if (p == null) {
            return true;
        }
        synchronized (p) {
            return p.fulfilled() || clock.getAsLong() - p.since > timeoutNanos;
        }
    }

    @Override
    public void expectCreations(Request primary, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative creations: " + count);
        }
        Pending p = new Pending(clock.getAsLong());
        p.creations = count;
        pending.put(primary, p);
    }

    @Override
    public void creationObserved(Request primary) {
        Pending p = pending.get(primary);
        if (p != null) {
            synchronized (p) {
                p.creations--;
            }
        }
    }

    @Override
    public void expectDeletions(Request primary, Collection<String> objectKeys) {
        Pending p = new Pending(clock.getAsLong());
        p.deletions.addAll(objectKeys);
        pending.put(primary, p);
    }

    @Override
    public void deletionObserved(Request primary, String objectKey) {
        Pending p = pending.get(primary);
        if (p != null) {
            synchronized (p) {
                p.deletions.remove(objectKey);
            }
        }
    }

    @Override
    public void forget(Request primary) {
        pending.remove(primary);
    }

    /** Drops everything: the caches it was measured against are gone (leadership lost). */
    void clear() {
        pending.clear();
    }
}
