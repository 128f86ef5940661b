package dev.orchestrator.support.scheduling;

import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.ResourceWeights;
import dev.orchestrator.api.scheduler.Resources;
import java.util.LinkedHashMap;
import java.util.Map;

/** A node's weighted utilisation, the building block of the MostAllocated and LeastAllocated scores. */
public final class Utilization {

    /** Resolution of {@link #of}: parts per million. */
    public static final long FULL = 1_000_000;

    private Utilization() {
    }

    /** @return weights from "name=weight" entries, e.g. {"cpu=1", "memory=1"}; a missing weight is 1 */
    public static ResourceWeights parseWeights(String[] entries) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (String entry : entries) {
            String[] parts = entry.split("=", 2);
            try {
                weights.put(parts[0].trim(), parts.length == 2 ? Integer.parseInt(parts[1].trim()) : 1);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("resource weight '" + entry + "' is not name=integer", e);
            }
        }
        return new ResourceWeights(weights);
    }

    /**
     * The node's utilisation if the pod were placed on it, weighted over the resources, in parts per million
     * ({@link #FULL} = every weighted resource fully requested). Finer than the 0..100 of a score, so that a
     * small pod on a large node still tells nodes apart; scorers rank by it and rescale with
     * {@link Scores#rescale}.
     */
    public static long of(ResourceWeights weights, NodeInfo node, PodInfo pod) {
        long sum = 0;
        long weightSum = 0;
        for (Map.Entry<String, Integer> e : weights.weights().entrySet()) {
            String name = e.getKey();
            long allocatable = amount(node.allocatable(), name);
            if (allocatable <= 0) {
                continue;
            }
            // cpu and memory count best-effort pods at their default size; other resources as requested
            boolean defaulted = "cpu".equals(name) || "memory".equals(name);
            long requested = defaulted
                    ? amount(node.scoringRequested(), name) + amount(pod.scoringRequests(), name)
                    : amount(node.requested(), name) + amount(pod.requests(), name);
            long used = Math.min(requested, allocatable);
            sum += (long) ((double) used / allocatable * FULL) * e.getValue();
            weightSum += e.getValue();
        }
        return weightSum == 0 ? 0 : sum / weightSum;
    }

    private static long amount(Resources r, String name) {
        return switch (name) {
            case "cpu" -> r.milliCpu();
            case "memory" -> r.memory();
            case "ephemeral-storage" -> r.ephemeralStorage();
            case "pods" -> r.pods();
            default -> r.scalar(name);
        };
    }
}
