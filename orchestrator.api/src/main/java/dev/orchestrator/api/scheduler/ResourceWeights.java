package dev.orchestrator.api.scheduler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which resources an allocation score looks at and how much each counts: the building block of
 * the MostAllocated (bin-packing) and LeastAllocated (spreading) scores.
 *
 * @param weights weight per resource name ("cpu", "memory", "ephemeral-storage" or an extended resource)
 */
public record ResourceWeights(Map<String, Integer> weights) {

    public static final ResourceWeights CPU_AND_MEMORY = new ResourceWeights(Map.of("cpu", 1, "memory", 1));

    public ResourceWeights {
        weights = Map.copyOf(weights);
        if (weights.isEmpty() || weights.values().stream().anyMatch(w -> w <= 0)) {
            throw new IllegalArgumentException("resource weights must name at least one resource, all positive");
        }
    }

    /** @return weights from "name=weight" entries, e.g. {"cpu=1", "memory=1"} */
    public static ResourceWeights parse(String[] entries) {
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

    /** Resolution of {@link #utilization}: parts per million. */
    public static final long FULL = 1_000_000;

    /**
     * The node's utilisation if the pod were placed on it, weighted over the resources, in parts
     * per million ({@link #FULL} = every weighted resource fully requested). Finer than the 0..100
     * of a score, so that a small pod on a large node still tells nodes apart; scorers rank by it
     * and rescale with {@link ScorePlugin#rescale}.
     */
    public long utilization(NodeInfo node, PodInfo pod) {
        long sum = 0;
        long weightSum = 0;
        for (Map.Entry<String, Integer> e : weights.entrySet()) {
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
