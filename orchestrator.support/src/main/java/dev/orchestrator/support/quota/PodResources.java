package dev.orchestrator.support.quota;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pod's effective requests or limits as Kubernetes counts them for quotas and the Pod LimitRange: the sum over
 * its containers, or the largest init container's amount when that is larger (init containers run one after
 * another, before the others), plus the pod's overhead. A resource no container names is absent.
 */
public final class PodResources {

    private PodResources() {
    }

    /** @param which {@code requests} or {@code limits} */
    public static Map<String, BigDecimal> total(JsonNode pod, String which) {
        Map<String, BigDecimal> sum = new LinkedHashMap<>();
        for (JsonNode c : pod.path("spec").path("containers")) {
            c.path("resources").path(which).fields().forEachRemaining(e ->
                    sum.merge(e.getKey(), Quantities.amount(e.getValue()), BigDecimal::add));
        }
        for (JsonNode c : pod.path("spec").path("initContainers")) {
            c.path("resources").path(which).fields().forEachRemaining(e ->
                    sum.merge(e.getKey(), Quantities.amount(e.getValue()), BigDecimal::max));
        }
        pod.path("spec").path("overhead").fields().forEachRemaining(e -> sum.computeIfPresent(e.getKey(),
                (k, v) -> v.add(Quantities.amount(e.getValue()))));
        return sum;
    }
}
