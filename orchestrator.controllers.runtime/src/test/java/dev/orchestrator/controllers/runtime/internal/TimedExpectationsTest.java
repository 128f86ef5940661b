package dev.orchestrator.controllers.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.controller.Request;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimedExpectationsTest {

    private final AtomicLong now = new AtomicLong();
    private final TimedExpectations expectations = new TimedExpectations(Duration.ofMinutes(5), now::get);
    private final Request rs = new Request("default", "web");

    @Test
    void creationsAreSatisfiedOnceAllAreObserved() {
        assertTrue(expectations.satisfied(rs));
        expectations.expectCreations(rs, 2);
        assertFalse(expectations.satisfied(rs));
        expectations.creationObserved(rs);
        assertFalse(expectations.satisfied(rs));
        expectations.creationObserved(rs);
        assertTrue(expectations.satisfied(rs));
    }

    @Test
    void deletionsAreTrackedByObjectKeyAndARepeatCountsOnce() {
        expectations.expectDeletions(rs, List.of("default/a", "default/b"));
        expectations.deletionObserved(rs, "default/a");
        expectations.deletionObserved(rs, "default/a");
        assertFalse(expectations.satisfied(rs));
        expectations.deletionObserved(rs, "default/b");
        assertTrue(expectations.satisfied(rs));
    }

    @Test
    void expectationsTimeOutSoALostEventNeverBlocks() {
        expectations.expectCreations(rs, 1);
        now.addAndGet(Duration.ofMinutes(5).toNanos());
        assertFalse(expectations.satisfied(rs));
        now.addAndGet(1);
        assertTrue(expectations.satisfied(rs));
    }

    @Test
    void forgetAndClearDropRecords() {
        expectations.expectCreations(rs, 1);
        expectations.forget(rs);
        assertTrue(expectations.satisfied(rs));
        expectations.expectCreations(rs, 1);
        expectations.clear();
        assertTrue(expectations.satisfied(rs));
    }
}
