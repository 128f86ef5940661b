package dev.orchestrator.controllers.internal.hpa;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One pod's reading from metrics.k8s.io: when it was taken, the window its CPU rate spans, and each
 * container's usage by resource name (base units: cores, bytes).
 */
record PodUsage(Instant timestamp, Duration window, Map<String, Map<String, Double>> containers) {

    PodUsage {
        containers = Map.copyOf(containers);
    }

    /** The pod's usage of {@code resource}: the sum over its containers, or one container's (null: none reported). */
    Double of(String resource, String container) {
        if (container != null) {
            Map<String, Double> usage = containers.get(container);
            return usage == null ? null : usage.get(resource);
        }
        double sum = 0;
        boolean any = false;
        for (Map<String, Double> usage : containers.values()) {
            Double v = usage.get(resource);
            if (v != null) {
                sum += v;
                any = true;
            }
        }
        return any ? sum : null;
    }
}
