package dev.orchestrator.kubelet.internal.eviction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PressureTrackerTest {

    private static final Instant T0 = Instant.parse("2026-01-10T10:00:00Z");
    private static final Threshold MEMORY = ThresholdParser.thresholds("memory.available<100Mi").get(0);
    private static final Threshold DISK = ThresholdParser.thresholds("nodefs.available<10%").get(0);

    @Test
    void aConditionStaysTrueForTheTransitionPeriodAfterTheLastTimeItWasMet() {
        PressureTracker tracker = new PressureTracker(Duration.ofSeconds(30));
        assertEquals(Set.of(), tracker.observe(List.of(), T0).pressure().conditions());
        PressureTracker.Verdict met = tracker.observe(List.of(MEMORY), T0.plusSeconds(10));
        assertEquals(Set.of(NodePressure.MEMORY), met.pressure().conditions());
        assertEquals(List.of(MEMORY), met.toReclaim(), "a hard threshold is reclaimed at once");
        PressureTracker.Verdict after = tracker.observe(List.of(), T0.plusSeconds(20));
        assertEquals(Set.of(NodePressure.MEMORY), after.pressure().conditions(), "still within the transition period");
        assertTrue(after.toReclaim().isEmpty(), "nothing to reclaim once the threshold is not met");
        assertEquals(Set.of(NodePressure.MEMORY), tracker.observe(List.of(), T0.plusSeconds(39)).pressure().conditions());
        assertEquals(Set.of(), tracker.observe(List.of(), T0.plusSeconds(40)).pressure().conditions());
    }

    @Test
    void beingMetAgainRestartsTheTransitionPeriod() {
        PressureTracker tracker = new PressureTracker(Duration.ofSeconds(30));
        tracker.observe(List.of(DISK), T0);
        tracker.observe(List.of(DISK), T0.plusSeconds(25));
        assertEquals(Set.of(NodePressure.DISK), tracker.observe(List.of(), T0.plusSeconds(50)).pressure().conditions());
        assertEquals(Set.of(), tracker.observe(List.of(), T0.plusSeconds(55)).pressure().conditions());
    }

    @Test
    void aSoftThresholdIsReclaimedOnlyOnceMetForItsWholeGracePeriod() {
        Threshold soft = MEMORY.soft(Duration.ofSeconds(60));
        PressureTracker tracker = new PressureTracker(Duration.ofSeconds(30));
        PressureTracker.Verdict first = tracker.observe(List.of(soft), T0);
        assertEquals(Set.of(NodePressure.MEMORY), first.pressure().conditions(), "the condition shows at once");
        assertTrue(first.toReclaim().isEmpty());
        assertTrue(tracker.observe(List.of(soft), T0.plusSeconds(59)).toReclaim().isEmpty());
        assertEquals(List.of(soft), tracker.observe(List.of(soft), T0.plusSeconds(60)).toReclaim());
        // not met once: the grace period starts again
        tracker.observe(List.of(), T0.plusSeconds(61));
        assertTrue(tracker.observe(List.of(soft), T0.plusSeconds(62)).toReclaim().isEmpty());
    }
}
