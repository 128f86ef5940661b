package dev.orchestrator.scheduler.plugins.internal;

import dev.orchestrator.api.scheduler.ClusterSnapshot;
import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.support.scheduling.CycleStates;
import dev.orchestrator.support.scheduling.NodeInfos;
import dev.orchestrator.support.scheduling.PodInfos;
import dev.orchestrator.support.scheduling.Snapshots;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Pods, nodes and cycle states for plugin tests. */
final class Fixtures {

    private Fixtures() {
    }

    static Node node(String name, String cpu, String memory, Map<String, String> labels) {
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewStatus().withAllocatable(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory),
                        "pods", new Quantity("110"))).endStatus().build();
    }

    static NodeInfo nodeInfo(String name, Map<String, String> labels, PodInfo... pods) {
        NodeInfo info = NodeInfos.of(node(name, "4", "8Gi", labels));
        for (PodInfo p : pods) {
            info = NodeInfos.withPod(info, p);
        }
        return info;
    }

    static PodInfo pod(String name, String cpu, String memory) {
        return pod(name, b -> b.editSpec().editFirstContainer().withNewResources()
                .withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory))).endResources()
                .endContainer().endSpec());
    }

    static PodInfo pod(String name, UnaryOperator<PodBuilder> customize) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec();
        Pod pod = customize.apply(b).build();
        return PodInfos.of(pod);
    }

    static CycleState state(NodeInfo... nodes) {
        return CycleStates.create(Snapshots.of(List.of(nodes)));
    }
}
