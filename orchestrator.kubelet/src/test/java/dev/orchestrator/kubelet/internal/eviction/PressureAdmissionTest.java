package dev.orchestrator.kubelet.internal.eviction;

import static dev.orchestrator.kubelet.internal.eviction.Pods.container;
import static dev.orchestrator.kubelet.internal.eviction.Pods.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PressureAdmissionTest {

    private static final NodePressure MEMORY = new NodePressure(Set.of(NodePressure.MEMORY));

    private static Pod bestEffort() {
        return pod("free", null, container("main", Map.of(), Map.of()));
    }

    private static Pod burstable() {
        return pod("burst", null, container("main", Map.of("memory", "10Mi"), Map.of()));
    }

    @Test
    void memoryPressureRefusesOnlyBestEffortPodsThatDoNotTolerateIt() {
        assertEquals(Optional.of("The node had condition: [MemoryPressure]. "), PressureAdmission.refusal(bestEffort(), MEMORY));
        assertEquals(Optional.empty(), PressureAdmission.refusal(burstable(), MEMORY));
        Pod tolerating = bestEffort();
        tolerating.getSpec().setTolerations(List.of(new TolerationBuilder().withKey("node.kubernetes.io/memory-pressure")
                .withOperator("Exists").withEffect("NoSchedule").build()));
        assertEquals(Optional.empty(), PressureAdmission.refusal(tolerating, MEMORY));
        Pod everything = bestEffort();
        everything.getSpec().setTolerations(List.of(new TolerationBuilder().withOperator("Exists").build()));
        assertEquals(Optional.empty(), PressureAdmission.refusal(everything, MEMORY));
    }

    @Test
    void diskOrPidPressureRefusesEveryPodButCriticalOnes() {
        NodePressure disk = new NodePressure(Set.of(NodePressure.DISK, NodePressure.MEMORY));
        assertEquals(Optional.of("The node had condition: [DiskPressure MemoryPressure]. "),
                PressureAdmission.refusal(burstable(), disk));
        assertEquals(Optional.empty(), PressureAdmission.refusal(pod("critical", 2_000_001_000,
                container("main", Map.of(), Map.of())), disk));
        assertEquals(Optional.empty(), PressureAdmission.refusal(bestEffort(), NodePressure.NONE));
    }

    @Test
    void theApiServersQosClassDecidesWhenItIsThere() {
        Pod pod = burstable();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
        pod.getStatus().setQosClass("BestEffort");
        assertEquals(true, PressureAdmission.isBestEffort(pod));
    }
}
