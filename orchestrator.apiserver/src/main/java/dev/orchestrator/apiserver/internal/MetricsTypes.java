package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.metrics.MetricsObjects;
import dev.orchestrator.apiserver.internal.metrics.UsageQuantities;
import dev.orchestrator.apiserver.internal.validation.Quantity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The resources of {@code metrics.k8s.io/v1beta1}: computed from the kubelets at each read
 * ({@link MetricsReadings}), never stored, read-only. Their tables are those of metrics-server: NAME, CPU,
 * MEMORY (a pod's summed over its containers) and WINDOW.
 */
final class MetricsTypes {

    static final List<String> VERBS = List.of("get", "list");

    static final ResourceType NODES = new ResourceType(MetricsObjects.GROUP, "v1beta1", "nodes", "node",
            "NodeMetrics", false, List.of(), List.of(), Set.of(), ResourceStrategy.PLAIN,
            columns(o -> o.path("usage").path("cpu").asText(""), o -> o.path("usage").path("memory").asText("")),
            VERBS);

    static final ResourceType PODS = new ResourceType(MetricsObjects.GROUP, "v1beta1", "pods", "pod",
            "PodMetrics", true, List.of(), List.of(), Set.of(), ResourceStrategy.PLAIN,
            columns(o -> UsageQuantities.cpu(sum(o, "cpu")), o -> UsageQuantities.memory(sum(o, "memory"))),
            VERBS);

    private MetricsTypes() {
    }

    static List<ResourceType> all() {
        return List.of(NODES, PODS);
    }

    /** How errors name them, as metrics-server does: {@code nodemetrics.metrics.k8s.io "n1" not found}. */
    static String errorResource(ResourceType type) {
        return type == NODES ? "nodemetrics" : "podmetrics";
    }

    private static TableColumns columns(Function<ObjectNode, Object> cpu, Function<ObjectNode, Object> memory) {
        return TableColumns.named().withoutAge()
                .column("cpu", "CPU in use, a rate over the window.", cpu)
                .column("memory", "Memory working set.", memory)
                .column("Window", "The time the CPU rate spans.", o -> o.path("window").asText(""))
                .build();
    }

    private static BigDecimal sum(ObjectNode podMetrics, String resource) {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode c : podMetrics.path("containers")) {
            total = total.add(Quantity.parse(c.path("usage").path(resource).asText("0")).orElse(BigDecimal.ZERO));
        }
        return total;
    }
}
