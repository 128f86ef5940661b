package dev.orchestrator.scheduler.spread.internal;

import dev.orchestrator.api.scheduler.ClusterSnapshot;
import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.support.scheduling.CycleStates;
import dev.orchestrator.support.scheduling.NodeInfos;
import dev.orchestrator.support.scheduling.PodInfos;
import dev.orchestrator.support.scheduling.Snapshots;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpreadPluginsTest {

    static NodeInfo node(String name, Map<String, String> labels, PodInfo... pods) {
        NodeInfo info = NodeInfos.of(new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewStatus().withAllocatable(Map.of("cpu", new Quantity("4"), "memory", new Quantity("4Gi")))
                .endStatus().build());
        for (PodInfo p : pods) {
            info = NodeInfos.withPod(info, p);
        }
        return info;
    }

    static PodInfo replica(String name, String ownerUid) {
        return PodInfos.of(new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .addNewOwnerReference().withController(true).withUid(ownerUid).withKind("ReplicaSet").withName("rs")
                .withApiVersion("apps/v1").endOwnerReference().endMetadata()
                .withNewSpec().addNewContainer().withName("c").withNewResources()
                .withRequests(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi"))).endResources()
                .endContainer().endSpec().build());
    }

    static CycleState state() {
        return CycleStates.create(Snapshots.of(List.of()));
    }

    @Test
    void emptierNodeScoresHigher() {
        LeastAllocated plugin = new LeastAllocated(new SpreadConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SpreadConfig.class;
            }

            @Override
            public String[] resources() {
                return new String[] {"cpu=1", "memory=1"};
            }
        });
        PodInfo next = replica("n", "x");
        NodeInfo idle = node("idle", Map.of());
        NodeInfo busy = node("busy", Map.of(), replica("a", "y"), replica("b", "y"));
        long[] scores = {plugin.score(null, next, idle), plugin.score(null, next, busy)};
        assertEquals(750_000, scores[0]); // 3 of 4 cpu and 3 of 4 GiB stay free with the pod
        assertEquals(250_000, scores[1]);
        plugin.normalize(null, next, List.of(idle, busy), scores);
        assertEquals(100, scores[0]);
        assertEquals(0, scores[1]);
    }

    @Test
    void replicasOfOneOwnerSpreadOverNodesAndZones() {
        NodeInfo a = node("a", Map.of(ReplicaSpread.ZONE, "z1"), replica("r1", "rs1"), replica("r2", "rs1"));
        NodeInfo b = node("b", Map.of(ReplicaSpread.ZONE, "z1"));
        NodeInfo c = node("c", Map.of(ReplicaSpread.ZONE, "z2"), replica("other", "rs2"));
        ReplicaSpread plugin = new ReplicaSpread();
        CycleState state = state();
        PodInfo next = replica("r3", "rs1");
        assertTrue(plugin.preScore(state, next, List.of(a, b, c)).isSuccess());
        long sa = plugin.score(state, next, a);
        long sb = plugin.score(state, next, b);
        long sc = plugin.score(state, next, c);
        assertEquals(0, sa);
        assertTrue(sc > sb, "a node in an empty zone beats an empty node in a busy zone: " + sb + " vs " + sc);
        assertEquals(100, sc);
    }
}
