package dev.orchestrator.controllers.internal.nodelifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LifecycleTaintsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private static Taint taint(String key, String effect) {
        return new TaintBuilder().withKey(key).withEffect(effect).build();
    }

    private static List<String> keys(List<Taint> taints) {
        return taints.stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
    }

    @Test
    void readinessNamesTheTaint() {
        assertEquals(Optional.empty(), LifecycleTaints.readinessKey(Optional.of("True")));
        assertEquals(Optional.empty(), LifecycleTaints.readinessKey(Optional.empty()));
        assertEquals(Optional.of(LifecycleTaints.NOT_READY), LifecycleTaints.readinessKey(Optional.of("False")));
        assertEquals(Optional.of(LifecycleTaints.UNREACHABLE), LifecycleTaints.readinessKey(Optional.of("Unknown")));
    }

    @Test
    void anUnreachableNodeGetsBothEffectsAndKeepsOtherTaints() {
        Taint users = taint("dedicated", "NoSchedule");
        Taint pressure = taint("node.kubernetes.io/memory-pressure", "NoSchedule");
        List<Taint> result = LifecycleTaints.reconcile(List.of(users, pressure), Set.of(LifecycleTaints.UNREACHABLE),
                Optional.of(LifecycleTaints.UNREACHABLE), NOW);
        assertEquals(List.of("dedicated:NoSchedule", "node.kubernetes.io/memory-pressure:NoSchedule",
                "node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"), keys(result));
        assertEquals(NOW.toString(), result.get(3).getTimeAdded(), "the eviction clock starts when the taint is added");
    }

    @Test
    void aReadyNodeLosesOnlyTheLifecycleTaints() {
        List<Taint> current = List.of(taint("dedicated", "NoExecute"), taint(LifecycleTaints.UNREACHABLE, "NoExecute"),
                taint(LifecycleTaints.UNREACHABLE, "NoSchedule"), taint(LifecycleTaints.UNSCHEDULABLE, "NoSchedule"));
        assertEquals(List.of("dedicated:NoExecute"), keys(LifecycleTaints.reconcile(current, Set.of(), Optional.empty(), NOW)));
    }

    @Test
    void anExistingTaintKeepsItsTimeAdded() {
        Taint old = new TaintBuilder().withKey(LifecycleTaints.NOT_READY).withEffect("NoExecute")
                .withTimeAdded("2026-12-03T09:00:00Z").build();
        List<Taint> result = LifecycleTaints.reconcile(List.of(old), Set.of(), Optional.of(LifecycleTaints.NOT_READY), NOW);
        assertEquals(List.of(old), result);
    }

    @Test
    void onlyAFirstNoExecuteTaintStartsEvictions() {
        Optional<String> unreachable = Optional.of(LifecycleTaints.UNREACHABLE);
        assertTrue(LifecycleTaints.startsEviction(List.of(taint("dedicated", "NoExecute")), unreachable));
        assertFalse(LifecycleTaints.startsEviction(List.of(taint(LifecycleTaints.NOT_READY, "NoExecute")), unreachable),
                "turning not-ready into unreachable is not a new eviction");
        assertFalse(LifecycleTaints.startsEviction(List.of(), Optional.empty()));
    }
}
