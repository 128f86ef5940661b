package dev.orchestrator.scheduler.internal;

import static dev.orchestrator.scheduler.internal.TestPods.node;
import static dev.orchestrator.scheduler.internal.TestPods.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodeCacheTest {

    private final NodeCache cache = new NodeCache();

    private long requested(String node) {
        return cache.snapshot().node(node).orElseThrow().requested().milliCpu();
    }

    @Test
    void assumedPodCountsUntilItsBindingIsConfirmedOrForgotten() {
        cache.putNode(node("a", "4"));
        cache.assume(pod("p", 0, "1"), "a");
        assertEquals(1000, requested("a"));
        assertTrue(cache.isAssumed("default/p"));
        cache.putBoundPod(pod("p", 0, "1"), "a"); // the watch reports the binding
        assertFalse(cache.isAssumed("default/p"));
        cache.forget("default/p"); // a late failure report must not drop a confirmed pod
        assertEquals(1000, requested("a"));

        cache.assume(pod("q", 0, "2"), "a");
        cache.forget("default/q");
        assertEquals(1000, requested("a"));
    }

    @Test
    void podsBoundBeforeTheirNodeIsKnownCountOnceItAppears() {
        cache.putBoundPod(pod("early", 0, "3"), "late-node");
        cache.putNode(node("late-node", "4"));
        assertEquals(3000, requested("late-node"));
        cache.removeNode("late-node");
        assertTrue(cache.snapshot().node("late-node").isEmpty());
        cache.putNode(node("late-node", "4"));
        assertEquals(3000, requested("late-node"));
    }

    @Test
    void snapshotIsReusedWhileNothingChangesAndNeverChangesUnderAReader() {
        cache.putNode(node("a", "4"));
        cache.putNode(node("b", "4"));
        Snapshot first = cache.snapshot();
        assertSame(first, cache.snapshot());
        cache.putBoundPod(pod("p", 0, "1"), "b");
        Snapshot second = cache.snapshot();
        assertEquals(0, first.node("b").orElseThrow().requested().milliCpu());
        assertEquals(1000, second.node("b").orElseThrow().requested().milliCpu());
        cache.removePod("default/p");
        cache.removeNode("a");
        assertEquals(1, cache.snapshot().nodes().size());
        assertEquals(0, requested("b"));
    }

    @Test
    void podMovedToAnotherNodeIsAccountedOnlyThere() {
        cache.putNode(node("a", "4"));
        cache.putNode(node("b", "4"));
        cache.assume(pod("p", 0, "1"), "a");
        cache.putBoundPod(pod("p", 0, "1"), "b"); // someone else bound it elsewhere
        assertEquals(0, requested("a"));
        assertEquals(1000, requested("b"));
    }
}
