package dev.orchestrator.kubelet.internal.eviction;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/** Pods for eviction tests. */
final class Pods {

    private Pods() {
    }

    /** A container with these requests and limits ("memory=64Mi"…; empty: none). */
    static Container container(String name, Map<String, String> requests, Map<String, String> limits) {
        ContainerBuilder c = new ContainerBuilder().withName(name).withImage("busybox");
        c.withNewResources().withRequests(quantities(requests)).withLimits(quantities(limits)).endResources();
        return c.build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> amounts) {
        Map<String, Quantity> q = new java.util.LinkedHashMap<>();
        amounts.forEach((k, v) -> q.put(k, new Quantity(v)));
        return q;
    }

    static Pod pod(String name, Integer priority, Container... containers) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name)
                .endMetadata().withNewSpec().withPriority(priority).withContainers(List.of(containers)).endSpec().build();
    }

    static PodConsumption using(Pod pod, long total) {
        return new PodConsumption(pod, Map.of(pod.getSpec().getContainers().get(0).getName(), total), total);
    }
}
