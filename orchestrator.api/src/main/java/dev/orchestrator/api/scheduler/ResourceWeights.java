package dev.orchestrator.api.scheduler;

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
}
