package dev.orchestrator.controllers.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimilarEventsTest {

    private final AtomicLong now = new AtomicLong();
    private final SimilarEvents similar = new SimilarEvents(100, now::get);

    @Test
    void tenDistinctMessagesPassThenTheyAreCombinedUntilTheWindowEnds() {
        for (int i = 0; i < SimilarEvents.SIMILAR; i++) {
            assertEquals("Error creating: pod-" + i, similar.message("rs/Warning/FailedCreate", "Error creating: pod-" + i));
        }
        assertEquals("Error creating: pod-3", similar.message("rs/Warning/FailedCreate", "Error creating: pod-3"),
                "a message seen before stays itself (its event's count grows)");
        String eleventh = similar.message("rs/Warning/FailedCreate", "Error creating: pod-10");
        assertTrue(SimilarEvents.combined(eleventh), eleventh);
        assertFalse(SimilarEvents.combined(similar.message("other/Warning/FailedCreate", "Error creating: pod-10")));
        now.addAndGet(Duration.ofMinutes(11).toNanos());
        assertEquals("Error creating: pod-11", similar.message("rs/Warning/FailedCreate", "Error creating: pod-11"));
    }
}
