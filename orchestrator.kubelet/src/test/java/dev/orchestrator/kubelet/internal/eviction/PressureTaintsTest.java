package dev.orchestrator.kubelet.internal.eviction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PressureTaintsTest {

    private static Taint taint(String key, String effect) {
        Taint t = new Taint();
        t.setKey(key);
        t.setEffect(effect);
        return t;
    }

    @Test
    void taintsFollowTheConditionsAndOthersAreKept() {
        Taint user = taint("dedicated", "NoSchedule");
        List<Taint> added = PressureTaints.reconcile(List.of(user), new NodePressure(Set.of(NodePressure.MEMORY,
                NodePressure.DISK))).orElseThrow();
        assertEquals(List.of(user, taint("node.kubernetes.io/memory-pressure", "NoSchedule"),
                taint("node.kubernetes.io/disk-pressure", "NoSchedule")), added);
        assertEquals(Optional.empty(), PressureTaints.reconcile(added, new NodePressure(Set.of(NodePressure.MEMORY,
                NodePressure.DISK))), "nothing to change");
        assertEquals(List.of(user, taint("node.kubernetes.io/disk-pressure", "NoSchedule")),
                PressureTaints.reconcile(added, new NodePressure(Set.of(NodePressure.DISK))).orElseThrow());
        assertEquals(List.of(user), PressureTaints.reconcile(added, NodePressure.NONE).orElseThrow());
    }

    @Test
    void aPressureKeyWithAnotherEffectIsSomeoneElses() {
        Taint noExecute = taint("node.kubernetes.io/memory-pressure", "NoExecute");
        assertEquals(Optional.empty(), PressureTaints.reconcile(List.of(noExecute), NodePressure.NONE));
        assertTrue(PressureTaints.reconcile(List.of(noExecute), new NodePressure(Set.of(NodePressure.MEMORY)))
                .orElseThrow().contains(noExecute));
    }
}
