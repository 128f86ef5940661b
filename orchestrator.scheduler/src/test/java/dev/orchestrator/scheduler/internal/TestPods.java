package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.support.scheduling.PodInfos;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/** Pods and nodes for the core's tests. */
final class TestPods {

    private TestPods() {
    }

    static PodInfo pod(String name, int priority, String cpu) {
        return PodInfos.of(new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withUid("uid-" + name).endMetadata().withNewSpec().withPriority(priority).addNewContainer()
                .withName("c").withNewResources().withRequests(Map.of("cpu", new Quantity(cpu))).endResources()
                .endContainer().endSpec().build());
    }

    static Node node(String name, String cpu) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .withAllocatable(Map.of("cpu", new Quantity(cpu), "memory", new Quantity("8Gi"),
                        "pods", new Quantity("110")))
                .endStatus().build();
    }
}
