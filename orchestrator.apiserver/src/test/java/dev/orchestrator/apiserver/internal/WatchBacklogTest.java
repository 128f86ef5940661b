package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WatchBacklogTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final WatchBacklog backlog = new WatchBacklog(now::get);

    private void add(int lines, int bytesEach) {
        for (int i = 0; i < lines; i++) {
            backlog.add(new byte[bytesEach]);
        }
    }

    private void advance(java.time.Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void linesComeOutInOrderAndTheirBytesAreCounted() {
        backlog.add(new byte[] {1});
        backlog.add(new byte[] {2, 2});
        assertEquals(3, backlog.bytes());
        assertArrayEquals(new byte[] {1}, backlog.take());
        assertEquals(2, backlog.bytes());
        assertArrayEquals(new byte[] {2, 2}, backlog.take());
        assertNull(backlog.take());
        assertEquals(0, backlog.bytes());
    }

    @Test
    void aClientThatKeepsTakingLinesKeepsItsStreamThoughManyWait() {
        add(WatchBacklog.STALLED_LINES * 3, 100);
        for (int second = 0; second < 30; second++) {
            advance(java.time.Duration.ofSeconds(1));
            backlog.take();
            add(100, 100);
            assertFalse(backlog.overflowing(), "a reading client's stream ended after " + second + " s");
        }
    }

    @Test
    void aClientThatTookNothingForAWhileLosesItsStreamOnceManyLinesWait() {
        add(WatchBacklog.STALLED_LINES + 1, 100);
        assertFalse(backlog.overflowing(), "the client has had no time to read yet");
        advance(WatchBacklog.STALLED_AFTER.minusMillis(1));
        assertFalse(backlog.overflowing());
        advance(java.time.Duration.ofMillis(2));
        assertTrue(backlog.overflowing());
    }

    @Test
    void aStalledClientWithFewLinesWaitingKeepsItsStream() {
        add(WatchBacklog.STALLED_LINES, 100);
        advance(WatchBacklog.STALLED_AFTER.multipliedBy(10));
        assertFalse(backlog.overflowing(), "a quiet watch of a slow client is not a problem until lines pile up");
    }

    @Test
    void theInitialListOfALargeCollectionDoesNotCountAgainstTheEventBytes() {
        int line = 64 * 1024;
        int listLines = (int) (WatchBacklog.MAX_BYTES / line) * 2;
        backlog.addInitial(java.util.Collections.nCopies(listLines, new byte[line]));
        add(1, 100);
        assertFalse(backlog.overflowing(), "a watch of a collection larger than the bound ended at its first event");
        for (int i = 0; i < listLines; i++) {
            backlog.take();
        }
        add((int) (WatchBacklog.MAX_BYTES / line), line);
        assertTrue(backlog.overflowing(), "events beyond the bound, once the list is taken");
    }

    @Test
    void tooManyBytesEndTheStreamEvenWhileTheClientReads() {
        int line = 64 * 1024;
        add((int) (WatchBacklog.MAX_BYTES / line), line);
        assertFalse(backlog.overflowing());
        backlog.add(new byte[1]);
        assertTrue(backlog.overflowing());
        backlog.clear();
        assertEquals(0, backlog.bytes());
        assertFalse(backlog.overflowing());
    }
}
