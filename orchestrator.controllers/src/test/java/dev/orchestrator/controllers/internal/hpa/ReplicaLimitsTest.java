package dev.orchestrator.controllers.internal.hpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaLimitsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final ScalingRules UP = ScalingRules.scaleUp(null);
    private static final ScalingRules DOWN = ScalingRules.scaleDown(null, 300);

    private static ReplicaLimits.Recommendation rec(int secondsAgo, int replicas) {
        return new ReplicaLimits.Recommendation(NOW.minusSeconds(secondsAgo), replicas);
    }

    @Test
    void scaleDownWaitsForTheHighestRecommendationOfTheWindow() {
        List<ReplicaLimits.Recommendation> history = List.of(rec(200, 5), rec(100, 4), rec(400, 9));
        assertEquals(5, ReplicaLimits.stabilized(6, 2, history, UP, DOWN, NOW));
        ScalingRules shortWindow = ScalingRules.scaleDown(null, 30);
        assertEquals(2, ReplicaLimits.stabilized(6, 2, history, UP, shortWindow, NOW));
    }

    @Test
    void scaleUpIsImmediateByDefaultAndHeldByAnUpWindow() {
        List<ReplicaLimits.Recommendation> history = List.of(rec(10, 3));
        assertEquals(8, ReplicaLimits.stabilized(2, 8, history, UP, DOWN, NOW));
        ScalingRules slowUp = new ScalingRules(60, "Max", UP.policies());
        assertEquals(3, ReplicaLimits.stabilized(2, 8, history, slowUp, DOWN, NOW));
    }

    @Test
    void defaultScaleUpRateIsTheLargerOfFourPodsOrDoubling() {
        assertEquals(5, ReplicaLimits.scaleUpLimit(1, List.of(), UP, NOW));
        assertEquals(20, ReplicaLimits.scaleUpLimit(10, List.of(), UP, NOW));
        ReplicaLimits.Limited l = ReplicaLimits.bounded(1, 10, 1, 20, List.of(), UP, DOWN, NOW);
        assertEquals(5, l.replicas());
        assertTrue(l.limited());
        assertEquals("ScaleUpLimit", l.reason());
    }

    @Test
    void eventsOfThePeriodUseUpTheRate() {
        // 2 → 6 five seconds ago: the period started at 2, so 2 + 4 = 6 (Pods) or 2 * 2 = 4 (Percent): max 6
        List<ReplicaLimits.ScaleEvent> events = List.of(new ReplicaLimits.ScaleEvent(NOW.minusSeconds(5), 4));
        assertEquals(6, ReplicaLimits.scaleUpLimit(6, events, UP, NOW));
        assertEquals(6, ReplicaLimits.bounded(6, 12, 1, 20, events, UP, DOWN, NOW).replicas());
        // once the period is over the rate is back
        List<ReplicaLimits.ScaleEvent> old = List.of(new ReplicaLimits.ScaleEvent(NOW.minusSeconds(20), 4));
        assertEquals(12, ReplicaLimits.bounded(6, 12, 1, 20, old, UP, DOWN, NOW).replicas());
    }

    @Test
    void scaleDownPoliciesAndMinSelection() {
        ScalingRules down = new ScalingRules(0, "Max", List.of(new ScalingRules.Policy("Pods", 1, 60),
                new ScalingRules.Policy("Percent", 50, 60)));
        assertEquals(5, ReplicaLimits.scaleDownLimit(10, List.of(), down, NOW)); // Max: the policy removing more
        ScalingRules strict = new ScalingRules(0, "Min", down.policies());
        assertEquals(9, ReplicaLimits.scaleDownLimit(10, List.of(), strict, NOW));
        ReplicaLimits.Limited l = ReplicaLimits.bounded(10, 1, 1, 20, List.of(), UP, strict, NOW);
        assertEquals(9, l.replicas());
        assertEquals("ScaleDownLimit", l.reason());
        ScalingRules disabled = new ScalingRules(0, "Disabled", down.policies());
        assertEquals(10, ReplicaLimits.bounded(10, 1, 1, 20, List.of(), UP, disabled, NOW).replicas());
    }

    @Test
    void minAndMaxClamp() {
        ReplicaLimits.Limited high = ReplicaLimits.bounded(2, 6, 1, 3, List.of(), UP, DOWN, NOW);
        assertEquals(3, high.replicas());
        assertEquals("TooManyReplicas", high.reason());
        ReplicaLimits.Limited low = ReplicaLimits.bounded(4, 1, 2, 10, List.of(), UP, DOWN, NOW);
        assertEquals(2, low.replicas());
        assertEquals("TooFewReplicas", low.reason());
        ReplicaLimits.Limited within = ReplicaLimits.bounded(2, 3, 1, 10, List.of(), UP, DOWN, NOW);
        assertEquals(3, within.replicas());
        assertFalse(within.limited());
        assertEquals("DesiredWithinRange", within.reason());
    }
}
