package dev.orchestrator.controllers.internal.nodelifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ZonesTest {

    private static final Zones.Limits LIMITS = new Zones.Limits(0.1, 0.01, 0.55, 50);

    static Node node(String name, String zone, String ready) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).addToLabels(Zones.ZONE_LABEL, zone).endMetadata();
        if (ready != null) {
            b.withNewStatus().addNewCondition().withType("Ready").withStatus(ready).endCondition().endStatus();
        }
        return b.build();
    }

    private static List<Node> zone(int ready, int notReady) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < ready; i++) {
            nodes.add(node("r" + i, "a", "True"));
        }
        for (int i = 0; i < notReady; i++) {
            nodes.add(node("n" + i, "a", i % 2 == 0 ? "Unknown" : "False"));
        }
        return nodes;
    }

    @Test
    void statesFollowKubernetesRules() {
        assertEquals(Zones.State.NORMAL, Zones.state(zone(1, 1), 0.55), "one of two down is a node failure");
        assertEquals(Zones.State.NORMAL, Zones.state(zone(0, 0), 0.55));
        assertEquals(Zones.State.NORMAL, Zones.state(zone(1, 2), 0.55), "no more than 2 down never disrupts a zone");
        assertEquals(Zones.State.PARTIAL_DISRUPTION, Zones.state(zone(2, 3), 0.55));
        assertEquals(Zones.State.NORMAL, Zones.state(zone(4, 3), 0.55), "3 of 7 is below the threshold");
        assertEquals(Zones.State.FULL_DISRUPTION, Zones.state(zone(0, 1), 0.55));
        assertEquals(Zones.State.FULL_DISRUPTION, Zones.state(List.of(node("x", "a", null)), 0.55),
                "a node without a Ready condition is not ready");
    }

    @Test
    void aPartiallyDisruptedSmallZoneStopsEvicting() {
        assertEquals(0.1, Zones.rate(Zones.State.NORMAL, 10, LIMITS));
        assertEquals(0.0, Zones.rate(Zones.State.PARTIAL_DISRUPTION, 10, LIMITS));
        assertEquals(0.01, Zones.rate(Zones.State.PARTIAL_DISRUPTION, 51, LIMITS));
        assertEquals(0.1, Zones.rate(Zones.State.FULL_DISRUPTION, 10, LIMITS), "one dead zone among live ones is evicted");
    }

    @Test
    void everyZoneDeadStopsAllEvictions() {
        Map<String, List<Node>> zones = Zones.byZone(List.of(node("a1", "a", "Unknown"), node("b1", "b", "Unknown")));
        assertTrue(Zones.allFullyDisrupted(zones, 0.55));
        zones = Zones.byZone(List.of(node("a1", "a", "Unknown"), node("b1", "b", "True")));
        assertFalse(Zones.allFullyDisrupted(zones, 0.55));
        assertEquals(2, zones.size());
    }

    @Test
    void theRateLimiterLetsOneNodeAtOnceThenOnePerPeriod() {
        ZoneRateLimiter limiter = new ZoneRateLimiter();
        Instant t0 = Instant.parse("2026-12-03T10:00:00Z");
        assertEquals(Optional.empty(), limiter.tryTake("a", 0.1, t0));
        assertEquals(Optional.of(Duration.ofSeconds(10)), limiter.tryTake("a", 0.1, t0));
        assertEquals(Optional.empty(), limiter.tryTake("b", 0.1, t0), "zones are limited apart");
        assertEquals(Optional.of(Duration.ofSeconds(4)), limiter.tryTake("a", 0.1, t0.plusSeconds(6)));
        assertEquals(Optional.empty(), limiter.tryTake("a", 0.1, t0.plusSeconds(10)));
        assertEquals(Optional.of(ZoneRateLimiter.NEVER), limiter.tryTake("a", 0, t0.plusSeconds(11)));
    }
}
