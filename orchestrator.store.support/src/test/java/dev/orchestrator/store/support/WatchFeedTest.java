package dev.orchestrator.store.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import dev.orchestrator.api.store.WatchOverflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchFeedTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static WatchEvent event(long revision) {
        return WatchEvent.added(new KeyValue("/k/" + revision, new byte[] {1}, revision, revision, 1));
    }

    private static List<WatchEvent> events(long from, long to) {
        List<WatchEvent> list = new ArrayList<>();
        for (long r = from; r <= to; r++) {
            list.add(event(r));
        }
        return list;
    }

    /** Records revisions; completes when the expected count arrived. */
    private static final class Collector implements WatchListener {
        final List<Long> revisions = new ArrayList<>();
        final CompletableFuture<Optional<StoreException>> closed = new CompletableFuture<>();
        final CountDownLatch expected;

        Collector(int count) {
            expected = new CountDownLatch(count);
        }

        @Override
        public synchronized void onEvents(List<WatchEvent> events) {
            events.forEach(e -> {
                revisions.add(e.revision());
                expected.countDown();
            });
        }

        @Override
        public void onClose(Optional<StoreException> error) {
            closed.complete(error);
        }
    }

    @Test
    void replayThenLiveEventsArriveOnceAndInOrder() throws Exception {
        Collector collector = new Collector(21);
        CountDownLatch replayStarted = new CountDownLatch(1);
        CountDownLatch liveOffered = new CountDownLatch(1);
        WatchFeed feed = new WatchFeed(collector, executor, 0, 100, Optional.of(sink -> {
            replayStarted.countDown();
            try {
                liveOffered.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sink.accept(events(1, 12));
        }), () -> { });
        feed.start();
        assertTrue(replayStarted.await(5, TimeUnit.SECONDS));
        feed.offer(events(10, 20)); // overlaps the replay: 10..12 must not repeat
        liveOffered.countDown();
        // Delivery is ordered: once 21 arrived, any duplicate of 10..12 would already be there.
        feed.offer(events(21, 21));
        assertTrue(collector.expected.await(5, TimeUnit.SECONDS));
        assertEquals(events(1, 21).stream().map(WatchEvent::revision).toList(), collector.revisions);
        feed.close();
        assertEquals(Optional.empty(), collector.closed.get(5, TimeUnit.SECONDS));
    }

    @Test
    void eventsAtOrBelowTheStartRevisionAreNeverDelivered() throws Exception {
        Collector collector = new Collector(3);
        WatchFeed feed = new WatchFeed(collector, executor, 5, 100, Optional.empty(), () -> { });
        feed.start();
        feed.offer(events(3, 8));
        assertTrue(collector.expected.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(6L, 7L, 8L), collector.revisions);
    }

    @Test
    void aBacklogOverTheBoundEndsTheFeedAndRunsTheEndHookOnce() throws Exception {
        CountDownLatch block = new CountDownLatch(1);
        CompletableFuture<Optional<StoreException>> closed = new CompletableFuture<>();
        int[] endHooks = new int[1];
        WatchFeed feed = new WatchFeed(new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                try {
                    block.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onClose(Optional<StoreException> error) {
                closed.complete(error);
            }
        }, executor, 0, 10, Optional.empty(), () -> endHooks[0]++);
        feed.start();
        for (long r = 1; r <= 30; r++) {
            feed.offer(List.of(event(r))); // never blocks, even though the listener is stuck
        }
        assertTrue(feed.isEnded());
        block.countDown();
        assertInstanceOf(WatchOverflowException.class, closed.get(5, TimeUnit.SECONDS).orElseThrow());
        feed.close();
        assertEquals(1, endHooks[0]);
    }

    @Test
    void aListenerThatThrowsEndsItsWatchWithTheFailure() throws Exception {
        CompletableFuture<Optional<StoreException>> closed = new CompletableFuture<>();
        WatchFeed feed = new WatchFeed(new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onClose(Optional<StoreException> error) {
                closed.complete(error);
            }
        }, executor, 0, 10, Optional.empty(), () -> { });
        feed.start();
        feed.offer(events(1, 1));
        StoreException reason = closed.get(5, TimeUnit.SECONDS).orElseThrow();
        assertTrue(reason.getMessage().contains("listener bug"), reason.getMessage());
    }
}
