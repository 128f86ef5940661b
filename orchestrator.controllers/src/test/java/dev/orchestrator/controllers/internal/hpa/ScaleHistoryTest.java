package dev.orchestrator.controllers.internal.hpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScaleHistoryTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration PERIOD = Duration.ofSeconds(15);

    @Test
    void anHpaIsEvaluatedAtMostOncePerSyncPeriod() {
        ScaleHistory history = new ScaleHistory();
        assertEquals(Duration.ZERO, history.untilNextEvaluation("ns/web", PERIOD, NOW));
        assertEquals(Duration.ofSeconds(14), history.untilNextEvaluation("ns/web", PERIOD, NOW.plusSeconds(1)));
        assertEquals(Duration.ZERO, history.untilNextEvaluation("ns/other", PERIOD, NOW.plusSeconds(1)));
        assertEquals(Duration.ZERO, history.untilNextEvaluation("ns/web", PERIOD, NOW.plusSeconds(15)));
        history.forget("ns/web");
        assertEquals(Duration.ZERO, history.untilNextEvaluation("ns/web", PERIOD, NOW.plusSeconds(16)));
    }

    @Test
    void oldRecommendationsAndEventsAreDropped() {
        ScaleHistory history = new ScaleHistory();
        history.recommend("k", 3, NOW.minusSeconds(400));
        history.recommend("k", 5, NOW.minusSeconds(100));
        assertEquals(1, history.recommendations("k", 300, NOW).size());
        history.rescaled("k", 1, 3, NOW.minusSeconds(20));
        history.rescaled("k", 3, 2, NOW.minusSeconds(5));
        assertEquals(1, history.events("k", 15, NOW).size());
        assertEquals(-1, history.events("k", 15, NOW).get(0).change());
    }
}
