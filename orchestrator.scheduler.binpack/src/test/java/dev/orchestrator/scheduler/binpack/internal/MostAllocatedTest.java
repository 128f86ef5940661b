package dev.orchestrator.scheduler.binpack.internal;

import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.support.scheduling.NodeInfos;
import dev.orchestrator.support.scheduling.PodInfos;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MostAllocatedTest {

    static NodeInfo node(String name, PodInfo... pods) {
        NodeInfo info = NodeInfos.of(new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .withAllocatable(Map.of("cpu", new Quantity("4"), "memory", new Quantity("4Gi"))).endStatus().build());
        for (PodInfo p : pods) {
            info = NodeInfos.withPod(info, p);
        }
        return info;
    }

    static PodInfo pod(String name, String cpu, String memory) {
        return PodInfos.of(new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withNewResources()
                .withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory))).endResources()
                .endContainer().endSpec().build());
    }

    static BinpackConfig config(String... resources) {
        return new BinpackConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return BinpackConfig.class;
            }

            @Override
            public String[] resources() {
                return resources;
            }
        };
    }

    @Test
    void fullerNodeScoresHigher() {
        MostAllocated plugin = new MostAllocated(config("cpu=1", "memory=1"));
        PodInfo next = pod("next", "1", "1Gi");
        NodeInfo busy = node("busy", pod("a", "2", "2Gi"));
        NodeInfo idle = node("idle");
        long[] scores = {plugin.score(null, next, busy), plugin.score(null, next, idle)};
        assertEquals(750_000, scores[0]); // 3 of 4 cpu and 3 of 4 GiB with the pod
        assertEquals(250_000, scores[1]);
        plugin.normalize(null, next, List.of(busy, idle), scores);
        assertEquals(List.of(100L, 0L), List.of(scores[0], scores[1]));
    }

    @Test
    void smallPodsOnLargeNodesStillTellNodesApart() {
        MostAllocated plugin = new MostAllocated(config("cpu=1", "memory=1"));
        PodInfo tiny = pod("tiny", "10m", "10Mi");
        assertTrue(plugin.score(null, tiny, node("one", pod("a", "10m", "10Mi"))) > plugin.score(null, tiny, node("none")));
    }

    @Test
    void weightsChooseWhatToPackBy() {
        MostAllocated cpuOnly = new MostAllocated(config("cpu=1"));
        NodeInfo cpuHeavy = node("c", pod("a", "3", "0"));
        NodeInfo memHeavy = node("m", pod("b", "100m", "3Gi"));
        PodInfo next = pod("next", "100m", "100Mi");
        assertTrue(cpuOnly.score(null, next, cpuHeavy) > cpuOnly.score(null, next, memHeavy));
    }
}
