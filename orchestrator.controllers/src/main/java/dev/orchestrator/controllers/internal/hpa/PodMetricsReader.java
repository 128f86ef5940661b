package dev.orchestrator.controllers.internal.hpa;

import dev.orchestrator.controllers.internal.Times;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The pods' readings of a namespace from the resource metrics API (metrics.k8s.io/v1beta1 PodMetrics). */
final class PodMetricsReader {

    private final KubernetesClient client;

    PodMetricsReader(KubernetesClient client) {
        this.client = client;
    }

    /** Pod name → reading; empty when the API has none. */
    Map<String, PodUsage> read(String namespace) {
        Map<String, PodUsage> byPod = new HashMap<>();
        for (PodMetrics m : client.top().pods().metrics(namespace).getItems()) {
            Map<String, Map<String, Double>> containers = new HashMap<>();
            for (ContainerMetrics c : m.getContainers()) {
                Map<String, Double> usage = new HashMap<>();
                if (c.getUsage() != null) {
                    for (Map.Entry<String, Quantity> e : c.getUsage().entrySet()) {
                        usage.put(e.getKey(), e.getValue().getNumericalAmount().doubleValue());
                    }
                }
                containers.put(c.getName(), usage);
            }
            byPod.put(m.getMetadata().getName(), new PodUsage(Times.parse(m.getTimestamp()).orElse(Instant.now()),
                    m.getWindow() == null || m.getWindow().getDuration() == null ? Duration.ZERO
                    : m.getWindow().getDuration(), containers));
        }
        return byPod;
    }
}
