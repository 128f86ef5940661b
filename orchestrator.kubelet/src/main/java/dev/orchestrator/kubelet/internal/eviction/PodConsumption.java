package dev.orchestrator.kubelet.internal.eviction;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/**
 * What one pod uses of the resource being reclaimed: per container (named in the eviction message)
 * and in all (what it is ranked by: for disk, its containers' logs and its local volumes too).
 */
public record PodConsumption(Pod pod, Map<String, Long> byContainer, long total) {

    public PodConsumption {
        byContainer = Map.copyOf(byContainer);
    }
}
