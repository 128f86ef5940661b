package dev.orchestrator.controllers.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.controller.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicLong adds = new AtomicLong();

    private WorkQueue queue(Duration base, Duration max, double qps, int burst) {
        return new WorkQueue(new KeyBackoff(base, max), new TokenBucket(qps, burst, now::get), now::get, adds);
    }

    private WorkQueue queue() {
        return queue(Duration.ofMillis(5), Duration.ofSeconds(1000), 10, 100);
    }

    private static Request key(String name) {
        return new Request("default", name);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aKeyAddedTwiceIsHandedOutOnce() {
        WorkQueue q = queue();
        q.add(key("a"));
        q.add(key("b"));
        q.add(key("a"));
        assertEquals(2, q.depth());
        assertEquals(2, adds.get());
        assertEquals(key("a"), q.poll());
        assertEquals(key("b"), q.poll());
        assertNull(q.poll());
    }

    @Test
    void aKeyAddedWhileProcessedWaitsUntilDoneAndIsNotLost() {
        WorkQueue q = queue();
        q.add(key("a"));
        Request taken = q.poll();
        q.add(key("a"));
        assertNull(q.poll(), "the key is being processed: no second worker may get it");
        q.done(taken);
        assertEquals(key("a"), q.poll(), "the change during processing is handed out after done");
    }

    @Test
    void doneWithoutANewAddDoesNotRequeue() {
        WorkQueue q = queue();
        q.add(key("a"));
        q.done(q.poll());
        assertNull(q.poll());
        assertEquals(0, q.depth());
    }

    @Test
    void retriesBackOffExponentiallyPerKeyAndForgetResets() {
        WorkQueue q = queue();
        long[] expectedMillis = {5, 10, 20, 40, 80};
        for (long millis : expectedMillis) {
            q.addRateLimited(key("a"));
            assertNull(q.poll());
            assertEquals(Duration.ofMillis(millis).toNanos(), q.nanosUntilNextDelayed());
            advance(Duration.ofMillis(millis));
            assertEquals(key("a"), q.poll());
            q.done(key("a"));
        }
        assertEquals(5, q.failures(key("a")));
        q.forget(key("a"));
        q.addRateLimited(key("a"));
        assertEquals(Duration.ofMillis(5).toNanos(), q.nanosUntilNextDelayed());
        // another key has its own back-off
        q.addRateLimited(key("b"));
        assertEquals(1, q.failures(key("b")));
    }

    @Test
    void theBackOffStopsAtTheMaximum() {
        KeyBackoff backoff = new KeyBackoff(Duration.ofMillis(5), Duration.ofSeconds(1000));
        long last = 0;
        for (int i = 0; i < 100; i++) {
            last = backoff.nextDelayNanos(key("a"));
        }
        assertEquals(Duration.ofSeconds(1000).toNanos(), last);
    }

    @Test
    void theTokenBucketSpreadsABurstOfRetries() {
        WorkQueue q = queue(Duration.ofMillis(1), Duration.ofSeconds(1), 10, 2);
        q.addRateLimited(key("a"));
        q.addRateLimited(key("b"));
        q.addRateLimited(key("c")); // the third token comes after 100 ms at 10 qps
        advance(Duration.ofMillis(1));
        assertEquals(key("a"), q.poll());
        assertEquals(key("b"), q.poll());
        assertNull(q.poll());
        advance(Duration.ofMillis(99));
        assertEquals(key("c"), q.poll());
    }

    @Test
    void aDelayedKeyComesAtItsEarliestDelayAndAnImmediateAddWins() {
        WorkQueue q = queue();
        q.addAfter(key("a"), Duration.ofSeconds(10));
        q.addAfter(key("a"), Duration.ofSeconds(2));
        advance(Duration.ofSeconds(2));
        assertEquals(key("a"), q.poll());
        q.done(key("a"));
        q.addAfter(key("b"), Duration.ofSeconds(10));
        q.add(key("b"));
        assertEquals(key("b"), q.poll());
    }

    @Test
    void shutDownWakesWorkersWithNull() throws Exception {
        WorkQueue q = new WorkQueue(new KeyBackoff(Duration.ofMillis(5), Duration.ofSeconds(1)),
                new TokenBucket(10, 100, System::nanoTime), System::nanoTime, adds);
        CountDownLatch ended = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            try {
                assertNull(q.take());
                ended.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();
        q.shutDown();
        assertTrue(ended.await(10, TimeUnit.SECONDS));
        q.add(key("a"));
        assertNull(q.poll());
    }

    /** Many workers, keys added over and over: never two workers on one key, and every key's last add is processed. */
    @Test
    void concurrentWorkersNeverProcessOneKeyTwiceAtOnce() throws Exception {
        WorkQueue q = new WorkQueue(new KeyBackoff(Duration.ofMillis(1), Duration.ofMillis(10)),
                new TokenBucket(1000, 1000, System::nanoTime), System::nanoTime, adds);
        Set<Request> inProgress = ConcurrentHashMap.newKeySet();
        AtomicBoolean overlap = new AtomicBoolean();
        Map<Request, AtomicInteger> processed = new ConcurrentHashMap<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            Thread t = new Thread(() -> {
                try {
                    Request k;
                    while ((k = q.take()) != null) {
                        if (!inProgress.add(k)) {
                            overlap.set(true);
                        }
                        processed.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
                        Thread.onSpinWait();
                        inProgress.remove(k);
                        q.done(k);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            workers.add(t);
        }
        for (int round = 0; round < 2000; round++) {
            q.add(key("k" + (round % 7)));
            if (round % 100 == 0) {
                q.addRateLimited(key("k" + (round % 7)));
            }
        }
        Request marker = key("last");
        q.add(marker);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((q.depth() > 0 || !inProgress.isEmpty() || !processed.containsKey(marker)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        q.shutDown();
        for (Thread t : workers) {
            t.join(10_000);
        }
        assertFalse(overlap.get(), "two workers had the same key at once");
        for (int i = 0; i < 7; i++) {
            assertTrue(processed.containsKey(key("k" + i)), "k" + i + " never processed");
        }
        assertEquals(0, q.depth());
    }
}
