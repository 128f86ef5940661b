package dev.orchestrator.support.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.ResourceWeights;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodInfosTest {

    private static Pod pod(String name, PodBuilder builder) {
        return builder.editOrNewMetadata().withNamespace("ns").withName(name).endMetadata().build();
    }

    @Test
    void requestsSumContainersTakeTheLargestInitContainerAndAddOverheadAndASlot() {
        PodInfo info = PodInfos.of(pod("p", new PodBuilder().withNewSpec()
                .addNewContainer().withName("a").withNewResources().addToRequests("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("64Mi")).endResources().endContainer()
                .addNewContainer().withName("b").withNewResources().addToLimits("cpu", new Quantity("1")).endResources()
                .endContainer()
                .addNewInitContainer().withName("init").withNewResources().addToRequests("cpu", new Quantity("2"))
                .endResources().endInitContainer()
                .withOverhead(Map.of("cpu", new Quantity("10m")))
                .endSpec()));
        assertEquals("ns/p", info.key());
        // init 2000m beats 250m + 1000m (a limit stands in for the missing request), plus 10m overhead
        assertEquals(2010, info.requests().milliCpu());
        assertEquals(64L * 1024 * 1024, info.requests().memory());
        assertEquals(1, info.requests().pods());
        // scoring counts container b's memory at the default for containers that request none
        assertEquals(64L * 1024 * 1024 + PodInfos.DEFAULT_MEMORY, info.scoringRequests().memory());
        assertFalse(info.requiredAntiAffinity());
    }

    @Test
    void aNodeViewCountsItsPodsAndForgetsThemAgain() {
        NodeInfo empty = NodeInfos.of(new NodeBuilder().withNewMetadata().withName("n").endMetadata().withNewStatus()
                .addToAllocatable("cpu", new Quantity("4")).addToAllocatable("memory", new Quantity("8Gi"))
                .addToAllocatable("example.com/gpu", new Quantity("2")).endStatus().build());
        PodInfo anti = PodInfos.of(pod("anti", new PodBuilder().withNewSpec().addNewContainer().withName("c")
                .withNewResources().addToRequests("cpu", new Quantity("2")).endResources().endContainer()
                .withNewAffinity().withNewPodAntiAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withTopologyKey("kubernetes.io/hostname").endRequiredDuringSchedulingIgnoredDuringExecution()
                .endPodAntiAffinity().endAffinity().endSpec()));
        assertTrue(anti.requiredAntiAffinity());
        assertEquals(2, empty.allocatable().scalar("example.com/gpu"));

        NodeInfo withPod = NodeInfos.withPod(NodeInfos.withPod(empty, anti), anti);
        assertEquals(1, withPod.pods().size(), "the same key replaces, not adds");
        assertEquals(1, withPod.antiAffinityPods().size());
        assertEquals(2000, withPod.requested().milliCpu());
        // 2000m requested plus the 100m a container without a request counts for, of 4000m
        assertEquals(525_000, Utilization.of(new ResourceWeights(Map.of("cpu", 1)), withPod,
                PodInfos.of(pod("none", new PodBuilder().withNewSpec().addNewContainer().withName("c").endContainer()
                        .endSpec()))));

        NodeInfo again = NodeInfos.withoutPod(withPod, "ns/anti");
        assertEquals(0, again.pods().size());
        assertEquals(0, again.antiAffinityPods().size());
        assertEquals(0, again.requested().milliCpu());
    }

    @Test
    void rescaleKeepsTheRankingOverZeroToMax() {
        long[] scores = {5, 10, 15};
        Scores.rescale(scores);
        assertEquals(0, scores[0]);
        assertEquals(50, scores[1]);
        assertEquals(100, scores[2]);
    }
}
