package dev.orchestrator.scheduler.plugins.internal;

import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.Status;
import dev.orchestrator.support.scheduling.NodeInfos;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static dev.orchestrator.scheduler.plugins.internal.Fixtures.nodeInfo;
import static dev.orchestrator.scheduler.plugins.internal.Fixtures.pod;
import static dev.orchestrator.scheduler.plugins.internal.Fixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeResourcesFitTest {

    private final NodeResourcesFit fit = new NodeResourcesFit();

    @Test
    void podFitsUntilTheNodeIsFull() {
        NodeInfo node = nodeInfo("n", Map.of(), pod("a", "3", "1Gi"));
        assertTrue(fit.filter(state(node), pod("b", "1", "1Gi"), node).isSuccess());
        Status s = fit.filter(state(node), pod("c", "1500m", "1Gi"), node);
        assertEquals(Status.Code.UNSCHEDULABLE, s.code());
        assertEquals(List.of("Insufficient cpu"), s.reasons());
    }

    @Test
    void everyShortResourceIsAReason() {
        NodeInfo node = nodeInfo("n", Map.of());
        Status s = fit.filter(state(node), pod("big", "5", "9Gi"), node);
        assertEquals(List.of("Insufficient cpu", "Insufficient memory"), s.reasons());
    }

    @Test
    void limitsStandInForMissingRequestsAndInitContainersCountAsMaximum() {
        PodInfo pod = pod("p", b -> b.editSpec().editFirstContainer().withNewResources()
                .withLimits(Map.of("cpu", new Quantity("2"))).endResources().endContainer()
                .addNewInitContainer().withName("init").withNewResources()
                .withRequests(Map.of("cpu", new Quantity("3"))).endResources().endInitContainer().endSpec());
        assertEquals(3000, pod.requests().milliCpu());
        assertEquals(1, pod.requests().pods());
    }

    @Test
    void extendedResourcesAndPodSlotsAreChecked() {
        NodeInfo node = nodeInfo("n", Map.of());
        PodInfo gpu = pod("g", b -> b.editSpec().editFirstContainer().withNewResources()
                .withRequests(Map.of("example.com/gpu", new Quantity("1"))).endResources().endContainer().endSpec());
        assertEquals(List.of("Insufficient example.com/gpu"), fit.filter(state(node), gpu, node).reasons());
        NodeInfo tiny = NodeInfos.of(Fixtures.node("t", "4", "8Gi", Map.of()));
        tiny = NodeInfos.withPod(new NodeInfo(tiny.node(), new dev.orchestrator.api.scheduler.Resources(4000,
                1L << 33, 0, 1, Map.of()), tiny.requested(), tiny.scoringRequested(), tiny.pods(),
                tiny.antiAffinityPods()), pod("x", "1", "1Gi"));
        assertEquals(List.of("Too many pods"), fit.filter(state(tiny), pod("y", "1", "1Gi"), tiny).reasons());
    }
}
