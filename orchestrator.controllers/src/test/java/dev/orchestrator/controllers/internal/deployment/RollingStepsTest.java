package dev.orchestrator.controllers.internal.deployment;

import static dev.orchestrator.controllers.internal.deployment.ReplicaSets.deployment;
import static dev.orchestrator.controllers.internal.deployment.ReplicaSets.rs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollingStepsTest {

    private static final String T1 = "2026-01-01T00:00:00Z";
    private static final String T2 = "2026-01-01T00:01:00Z";
    private static final String T3 = "2026-01-01T00:02:00Z";

    @Test
    void fencepostsRoundSurgeUpAndUnavailabilityDown() {
        assertEquals(new Fenceposts(1, 0), Fenceposts.of(deployment(3, "25%", "25%")));
        assertEquals(new Fenceposts(3, 2), Fenceposts.of(deployment(10, "25%", "25%")));
        assertEquals(new Fenceposts(2, 0), Fenceposts.of(deployment(10, "2", "0")));
        assertEquals(new Fenceposts(0, 1), Fenceposts.of(deployment(10, "0", "0")), "both zero would never progress");
        assertEquals(new Fenceposts(0, 1), Fenceposts.of(deployment(10, "0%", "10%")));
    }

    @Test
    void theNewReplicaSetGrowsAsFarAsTheSurgeAllows() {
        Fenceposts bounds = new Fenceposts(1, 0);
        ReplicaSet old = rs("old", T1, 3, 3, 3);
        assertEquals(1, RollingSteps.newReplicaSetSize(3, bounds, List.of(old), null));
        ReplicaSet fresh = rs("new", T2, 1, 1, 0);
        assertEquals(1, RollingSteps.newReplicaSetSize(3, bounds, List.of(old, fresh), fresh), "4 pods: no room");
        ReplicaSet shrunk = rs("old", T1, 2, 2, 2);
        assertEquals(2, RollingSteps.newReplicaSetSize(3, bounds, List.of(shrunk, fresh), fresh));
        assertEquals(3, RollingSteps.newReplicaSetSize(3, bounds, List.of(rs("new", T2, 5, 5, 5)), rs("new", T2, 5, 5, 5)),
                "a new ReplicaSet above replicas goes down to them");
    }

    @Test
    void podsAnOldReplicaSetStillHasCountAgainstTheSurge() {
        // The old ReplicaSet was shrunk to 2, but its controller has not deleted the third pod yet.
        ReplicaSet old = rs("old", T1, 2, 3, 3);
        ReplicaSet fresh = rs("new", T2, 1, 1, 1);
        assertEquals(1, RollingSteps.newReplicaSetSize(3, new Fenceposts(1, 0), List.of(old, fresh), fresh));
    }

    @Test
    void oldReplicaSetsShrinkOnlyWhileEnoughPodsStayAvailable() {
        Fenceposts bounds = new Fenceposts(1, 0);
        ReplicaSet old = rs("old", T1, 3, 3, 3);
        ReplicaSet notReady = rs("new", T2, 1, 1, 0);
        assertEquals(Map.of(), RollingSteps.oldReplicaSetSizes(3, bounds, List.of(old), notReady, List.of(old, notReady)));
        ReplicaSet ready = rs("new", T2, 1, 1, 1);
        assertEquals(Map.of("old", 2), RollingSteps.oldReplicaSetSizes(3, bounds, List.of(old), ready, List.of(old, ready)));
    }

    @Test
    void availabilityAnOldReplicaSetNoLongerKeepsDoesNotCount() {
        // Shrunk to 2 with 3 available in its stale status: only 2 of them stay.
        ReplicaSet old = rs("old", T1, 2, 3, 3);
        ReplicaSet fresh = rs("new", T2, 2, 2, 1);
        assertEquals(Map.of(), RollingSteps.oldReplicaSetSizes(3, new Fenceposts(1, 0), List.of(old), fresh, List.of(old, fresh)));
    }

    @Test
    void unavailablePodsOfOldReplicaSetsGoFirstOldestFirst() {
        Fenceposts bounds = new Fenceposts(0, 1);
        ReplicaSet oldest = rs("a", T1, 2, 2, 0);
        ReplicaSet older = rs("b", T2, 4, 4, 4);
        ReplicaSet fresh = rs("c", T3, 0, 0, 0);
        Map<String, Integer> sizes = RollingSteps.oldReplicaSetSizes(4, bounds, List.of(older, oldest), fresh,
                List.of(oldest, older, fresh));
        // 6 pods, 4 available, 3 must stay available: both unavailable ones go, then one available.
        assertEquals(Map.of("a", 0, "b", 3), sizes);
    }

    @Test
    void scalingSpreadsTheChangeInProportion() {
        ReplicaSet a = ReplicaSets.withMaxReplicas(rs("a", T1, 6, 6, 6), 13);
        ReplicaSet b = ReplicaSets.withMaxReplicas(rs("b", T2, 7, 7, 0), 13);
        // 10 + 3 surge → 30 + 3: each of them gets its share of 33.
        Map<String, Integer> sizes = ProportionalScaling.sizes(List.of(a, b), 30, 3, 13);
        assertEquals(33, sizes.get("a") + sizes.get("b"));
        assertEquals(15, sizes.get("a"));
        assertEquals(18, sizes.get("b"));
        Map<String, Integer> down = ProportionalScaling.sizes(List.of(a, b), 0, 0, 13);
        assertEquals(Map.of("a", 0, "b", 0), down);
    }
}
