package dev.orchestrator.scheduler.internal;

import static dev.orchestrator.scheduler.internal.TestPods.pod;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final SchedulingQueue queue = new SchedulingQueue(now::get, 1000, 10_000, 300_000);

    @Test
    void higherPriorityFirstThenOldestFirst() throws Exception {
        queue.add(pod("low-old", 0, "1"));
        now.addAndGet(1);
        queue.add(pod("high", 100, "1"));
        now.addAndGet(1);
        queue.add(pod("low-new", 0, "1"));
        assertEquals("default/high", queue.pop().pod().key());
        assertEquals("default/low-old", queue.pop().pod().key());
        assertEquals("default/low-new", queue.pop().pod().key());
    }

    @Test
    void failedPodWaitsForItsBackoffWhichDoublesUpToTheMaximum() throws Exception {
        assertEquals(1000, queue.backoffOf(1));
        assertEquals(2000, queue.backoffOf(2));
        assertEquals(8000, queue.backoffOf(4));
        assertEquals(10_000, queue.backoffOf(9));
        queue.add(pod("p", 0, "1"));
        SchedulingQueue.Entry e = queue.pop();
        queue.failed(e, false);
        assertArrayEquals(new int[] {0, 1, 0, 0}, queue.sizes());
        now.addAndGet(999);
        assertArrayEquals(new int[] {0, 1, 0, 0}, queue.sizes());
        now.addAndGet(1);
        assertArrayEquals(new int[] {1, 0, 0, 0}, queue.sizes());
        assertEquals(2, queue.pop().attempts());
    }

    @Test
    void unschedulablePodWaitsForAClusterEvent() throws Exception {
        queue.add(pod("p", 0, "1"));
        queue.failed(queue.pop(), true);
        now.addAndGet(60_000);
        assertArrayEquals(new int[] {0, 0, 1, 0}, queue.sizes(), "no event, no retry");
        queue.moveAllToActiveOrBackoff();
        assertArrayEquals(new int[] {1, 0, 0, 0}, queue.sizes());
    }

    @Test
    void eventRightAfterAFailureStillRespectsBackoff() throws Exception {
        queue.add(pod("p", 0, "1"));
        queue.failed(queue.pop(), true);
        queue.moveAllToActiveOrBackoff();
        assertArrayEquals(new int[] {0, 1, 0, 0}, queue.sizes());
    }

    @Test
    void eventDuringTheCycleSendsTheFailedPodToBackoffNotTheUnschedulablePool() throws Exception {
        queue.add(pod("p", 0, "1"));
        SchedulingQueue.Entry e = queue.pop();
        queue.moveAllToActiveOrBackoff(); // e.g. a node was added while the pod was in flight
        queue.failed(e, true);
        assertArrayEquals(new int[] {0, 1, 0, 0}, queue.sizes());
    }

    @Test
    void unschedulablePodIsRetriedAfterTheTimeoutAnyway() throws Exception {
        queue.add(pod("p", 0, "1"));
        queue.failed(queue.pop(), true);
        now.addAndGet(TimeUnit.MINUTES.toMillis(5));
        assertArrayEquals(new int[] {1, 0, 0, 0}, queue.sizes());
    }

    @Test
    void deletedPodsLeaveTheQueueAndAreNotRequeuedAfterTheirCycle() throws Exception {
        queue.add(pod("a", 0, "1"));
        queue.add(pod("b", 0, "1"));
        queue.delete("default/a");
        SchedulingQueue.Entry b = queue.pop();
        assertEquals("default/b", b.pod().key());
        queue.delete("default/b");
        queue.failed(b, false);
        assertArrayEquals(new int[] {0, 0, 0, 0}, queue.sizes());
        assertFalse(queue.contains("default/b"));
    }

    @Test
    void updatesOfAQueuedPodDoNotDuplicateItAndPutBackKeepsAttempts() throws Exception {
        queue.add(pod("p", 0, "1"));
        queue.add(pod("p", 0, "1"));
        SchedulingQueue.Entry e = queue.pop();
        queue.add(pod("p", 0, "2")); // update while in flight: remembered, not queued twice
        assertArrayEquals(new int[] {0, 0, 0, 1}, queue.sizes());
        queue.putBack(e);
        SchedulingQueue.Entry again = queue.pop();
        assertEquals(1, again.attempts());
        assertEquals(2000, again.pod().requests().milliCpu());
    }

    @Test
    void closeEndsAWaitingPop() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CompletableFuture<Boolean> poppedAfterClose = new java.util.concurrent.CompletableFuture<>();
        Thread popper = new Thread(() -> {
            try {
                Object popped = queue.pop();
                poppedAfterClose.complete(popped == null && closing.get());
            } catch (InterruptedException e) {
                poppedAfterClose.completeExceptionally(e);
            }
        });
        popper.start();
        // the pop must be waiting: parked on the empty, open queue, not returned
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (popper.getState() != Thread.State.WAITING && popper.getState() != Thread.State.TIMED_WAITING
                && !poppedAfterClose.isDone() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(poppedAfterClose.isDone(), "pop returned from an empty, open queue");
        closing.set(true);
        queue.close();
        assertTrue(poppedAfterClose.get(10, java.util.concurrent.TimeUnit.SECONDS),
                "pop ended with null only once the queue closed");
        popper.join();
    }
}
