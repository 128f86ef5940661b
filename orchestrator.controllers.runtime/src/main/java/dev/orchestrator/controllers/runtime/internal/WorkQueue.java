package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.api.controller.Request;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A controller's work queue, with the semantics of client-go's rate-limited queue:
 * <ul>
 * <li><b>dedup</b>: a key added while it waits is there once;</li>
 * <li><b>one worker per key</b>: a key added while a worker processes it is held back ("dirty")
 * and handed out again only after {@link #done} — so two workers never reconcile one key, and a
 * change during a reconcile is never lost;</li>
 * <li><b>delays</b>: {@link #addAfter} (requeue-after) and {@link #addRateLimited} (retry), the
 * latter waiting the longer of the key's exponential back-off and the overall token bucket; a
 * key waiting for a delay is handed out at the earliest of its pending delays.</li>
 * </ul>
 * Thread-safe; workers block in {@link #take}, which returns null once the queue is shut down.
 */
final class WorkQueue {

    private record Delayed(long readyAt, Request key) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final LinkedHashSet<Request> ready = new LinkedHashSet<>();
    private final Set<Request> dirty = new HashSet<>();
    private final Set<Request> processing = new HashSet<>();
    private final PriorityQueue<Delayed> waiting = new PriorityQueue<>((a, b) -> Long.compare(a.readyAt, b.readyAt));
    private final Map<Request, Long> waitingUntil = new HashMap<>();
    private final KeyBackoff backoff;
    private final TokenBucket bucket;
    private final LongSupplier clock;
    private final AtomicLong adds;
    private boolean shutDown;

    /** @param adds counts the keys added (not those already queued); shared with the controller's metrics */
    WorkQueue(KeyBackoff backoff, TokenBucket bucket, LongSupplier nanoClock, AtomicLong adds) {
        this.adds = adds;
        this.backoff = backoff;
        this.bucket = bucket;
        this.clock = nanoClock;
    }

    /** Queues the key now (no-op when it is queued already, or after shut-down). */
    void add(Request key) {
        lock.lock();
        try {
            addLocked(key);
        } finally {
            lock.unlock();
        }
    }

    private void addLocked(Request key) {
        if (shutDown || !dirty.add(key)) {
            return;
        }
        adds.incrementAndGet();
        if (!processing.contains(key)) {
            ready.add(key);
            changed.signal();
        }
    }

    /** Queues the key after the delay (at once when it is not positive). */
    void addAfter(Request key, Duration delay) {
        addAfterNanos(key, delay.toNanos());
    }

    /** Queues the key after its back-off and a token of the overall bucket, and counts a failure of it. */
    void addRateLimited(Request key) {
        lock.lock();
        try {
            long delay = Math.max(backoff.nextDelayNanos(key), bucket.reserveNanos());
            addAfterNanos(key, delay);
        } finally {
            lock.unlock();
        }
    }

    private void addAfterNanos(Request key, long delayNanos) {
        lock.lock();
        try {
            if (shutDown) {
                return;
            }
            if (delayNanos <= 0) {
                addLocked(key);
                return;
            }
            long readyAt = clock.getAsLong() + delayNanos;
            Long earlier = waitingUntil.get(key);
            if (earlier != null && earlier - readyAt <= 0) {
                return;
            }
            waitingUntil.put(key, readyAt);
            waiting.add(new Delayed(readyAt, key));
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The key's failures are forgotten: its next retry starts from the base delay. */
    void forget(Request key) {
        lock.lock();
        try {
            backoff.forget(key);
        } finally {
            lock.unlock();
        }
    }

    int failures(Request key) {
        lock.lock();
        try {
            return backoff.failures(key);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands out the next key, waiting for one; the caller must call {@link #done} with it.
     *
     * @return the key, or null once the queue is shut down
     */
    Request take() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                Request key = pollLocked();
                if (key != null || shutDown) {
                    return key;
                }
                Delayed next = waiting.peek();
                if (next == null) {
                    changed.await();
                } else {
                    changed.awaitNanos(Math.max(1, next.readyAt - clock.getAsLong()));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #take} without waiting: null when no key is due (or after shut-down). */
    Request poll() {
        lock.lock();
        try {
            return pollLocked();
        } finally {
            lock.unlock();
        }
    }

    private Request pollLocked() {
        if (shutDown) {
            return null;
        }
        long now = clock.getAsLong();
        while (!waiting.isEmpty() && waiting.peek().readyAt - now <= 0) {
            Delayed due = waiting.poll();
            if (waitingUntil.get(due.key) != null && waitingUntil.get(due.key) == due.readyAt) {
                waitingUntil.remove(due.key);
                addLocked(due.key);
            }
        }
        Iterator<Request> first = ready.iterator();
        if (!first.hasNext()) {
            return null;
        }
        Request key = first.next();
        first.remove();
        dirty.remove(key);
        processing.add(key);
        return key;
    }

    /** The worker finished the key; if it was added meanwhile, it is queued again. */
    void done(Request key) {
        lock.lock();
        try {
            processing.remove(key);
            if (dirty.contains(key) && !shutDown) {
                ready.add(key);
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting worker with null; later adds are ignored. */
    void shutDown() {
        lock.lock();
        try {
            shutDown = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Keys queued or waiting for a delay (not those being processed). */
    int depth() {
        lock.lock();
        try {
            return ready.size() + waitingUntil.size();
        } finally {
            lock.unlock();
        }
    }

    /** How long {@link #take} may wait at most before a delayed key is due: for tests. */
    long nanosUntilNextDelayed() {
        lock.lock();
        try {
            Delayed next = waiting.peek();
            return next == null ? TimeUnit.DAYS.toNanos(1) : next.readyAt - clock.getAsLong();
        } finally {
            lock.unlock();
        }
    }
}
