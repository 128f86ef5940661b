package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.scheduler.PodInfo;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Pods waiting to be scheduled, in three places: the active queue (highest priority first, then
 * oldest), the back-off queue (pods that failed, until their back-off has passed) and the
 * unschedulable pool (pods no node fits, until a cluster event that could change that, or a
 * timeout). A pod is in at most one place, or in flight (popped, not yet done or failed).
 */
final class SchedulingQueue {

    /** A pod in the queue with its scheduling history. */
    static final class Entry {
        PodInfo pod;
        final long firstQueued;
        int attempts;
        long backoffUntil;
        long unschedulableSince;
        long poppedAtMove;

        Entry(PodInfo pod, long now) {
            this.pod = pod;
            this.firstQueued = now;
        }

        PodInfo pod() {
            return pod;
        }

        int attempts() {
            return attempts;
        }

        int priority() {
            Integer p = pod.pod().getSpec() == null ? null : pod.pod().getSpec().getPriority();
            return p == null ? 0 : p;
        }
    }

    private static final Comparator<Entry> BY_PRIORITY_THEN_AGE = Comparator
            .comparingInt((Entry e) -> -e.priority()).thenComparingLong(e -> e.firstQueued);

    private final PriorityQueue<Entry> active = new PriorityQueue<>(BY_PRIORITY_THEN_AGE);
    private final PriorityQueue<Entry> backoff = new PriorityQueue<>(Comparator.comparingLong(e -> e.backoffUntil));
    private final Map<String, Entry> unschedulable = new HashMap<>();
    private final Map<String, Entry> queued = new HashMap<>();
    private final Map<String, Entry> inFlight = new HashMap<>();
    private final Set<String> deletedInFlight = new HashSet<>();
    private final LongSupplier clockMillis;
    private final long initialBackoff;
    private final long maxBackoff;
    private final long unschedulableTimeout;
    private long moves;
    private long lastTimeoutCheck;
    private boolean closed;

    SchedulingQueue(LongSupplier clockMillis, long initialBackoffMillis, long maxBackoffMillis,
            long unschedulableTimeoutMillis) {
        this.clockMillis = clockMillis;
        this.initialBackoff = initialBackoffMillis;
        this.maxBackoff = maxBackoffMillis;
        this.unschedulableTimeout = unschedulableTimeoutMillis;
    }

    /** Adds a pod that needs a node, or refreshes the queued copy of it. */
    synchronized void add(PodInfo pod) {
        String key = pod.key();
        Entry flying = inFlight.get(key);
        if (flying != null) {
            flying.pod = pod;
            return;
        }
        Entry e = queued.get(key);
        if (e == null) {
            e = new Entry(pod, clockMillis.getAsLong());
            queued.put(key, e);
            active.add(e);
            notifyAll();
            return;
        }
        boolean changed = !e.pod.pod().getSpec().equals(pod.pod().getSpec())
                || !e.pod.labels().equals(pod.labels());
        if (active.remove(e)) {
            e.pod = pod;
            active.add(e);
        } else {
            e.pod = pod;
            if (changed && unschedulable.remove(key) != null) {
                // the pod itself changed: it may fit now
                toActiveOrBackoff(e);
            }
        }
    }

    /** Forgets a pod that was deleted or bound by someone else. */
    synchronized void delete(String key) {
        Entry e = queued.remove(key);
        if (e != null) {
            active.remove(e);
            backoff.remove(e);
            unschedulable.remove(key);
        } else if (inFlight.containsKey(key)) {
            deletedInFlight.add(key);
        }
    }

    /**
     * Takes the next pod, waiting until there is one.
     *
     * @return the entry, now in flight; null when the queue was closed
     */
    synchronized Entry pop() throws InterruptedException {
        while (!closed) {
            flush();
            Entry e = active.poll();
            if (e != null) {
                queued.remove(e.pod.key());
                inFlight.put(e.pod.key(), e);
                e.poppedAtMove = moves;
                e.attempts++;
                return e;
            }
            long wait = 1000;
            Entry next = backoff.peek();
            if (next != null) {
                wait = Math.max(1, Math.min(wait, next.backoffUntil - clockMillis.getAsLong()));
            }
            wait(wait);
        }
        return null;
    }

    /** Returns a pod in flight to the active queue untouched (its cycle did not run). */
    synchronized void putBack(Entry e) {
        inFlight.remove(e.pod.key());
        e.attempts--;
        if (!deletedInFlight.remove(e.pod.key()) && !closed) {
            queued.put(e.pod.key(), e);
            active.add(e);
        }
    }

    /** The pod in flight was scheduled (or needs no more scheduling). */
    synchronized void done(String key) {
        inFlight.remove(key);
        deletedInFlight.remove(key);
    }

    /**
     * The pod in flight could not be scheduled.
     *
     * @param unschedulable true when no node fits (it waits for a cluster change), false for
     *                      errors (it is retried after back-off)
     */
    synchronized void failed(Entry e, boolean unschedulable) {
        String key = e.pod.key();
        inFlight.remove(key);
        if (deletedInFlight.remove(key) || closed) {
            return;
        }
        long now = clockMillis.getAsLong();
        e.backoffUntil = now + backoffOf(e.attempts);
        queued.put(key, e);
        if (unschedulable && e.poppedAtMove == moves) {
            e.unschedulableSince = now;
            this.unschedulable.put(key, e);
        } else {
            // an event arrived while the pod was in flight: it may fit now
            backoff.add(e);
        }
        notifyAll();
    }

    long backoffOf(int attempts) {
        long b = initialBackoff;
        for (int i = 1; i < attempts && b < maxBackoff; i++) {
            b *= 2;
        }
        return Math.min(b, maxBackoff);
    }

    /** A cluster change that could make unschedulable pods fit (a node added or changed, a pod gone). */
    synchronized void moveAllToActiveOrBackoff() {
        moves++;
        for (Entry e : unschedulable.values()) {
            toActiveOrBackoff(e);
        }
        unschedulable.clear();
        notifyAll();
    }

    private void toActiveOrBackoff(Entry e) {
        if (e.backoffUntil > clockMillis.getAsLong()) {
            backoff.add(e);
        } else {
            active.add(e);
        }
    }

    private void flush() {
        long now = clockMillis.getAsLong();
        while (!backoff.isEmpty() && backoff.peek().backoffUntil <= now) {
            active.add(backoff.poll());
        }
        if (unschedulable.isEmpty() || now - lastTimeoutCheck < 1000) {
            return;
        }
        lastTimeoutCheck = now;
        for (Iterator<Entry> it = unschedulable.values().iterator(); it.hasNext();) {
            Entry e = it.next();
            if (now - e.unschedulableSince >= unschedulableTimeout) {
                it.remove();
                toActiveOrBackoff(e);
            }
        }
    }

    /** @return whether the pod is queued or in flight */
    synchronized boolean contains(String key) {
        return queued.containsKey(key) || inFlight.containsKey(key);
    }

    /** @return counts for logs and tests: active, backoff, unschedulable, in flight */
    synchronized int[] sizes() {
        flush();
        return new int[] {active.size(), backoff.size(), unschedulable.size(), inFlight.size()};
    }

    /** Wakes a waiting {@link #pop()} (e.g. after the plugins changed). */
    synchronized void wakeUp() {
        notifyAll();
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
