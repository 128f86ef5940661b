package dev.orchestrator.api.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/**
 * A pod with what the scheduler derives from it once (not once per node).
 *
 * @param pod             the API object; treat as read-only
 * @param key             "namespace/name"
 * @param requests        what the pod asks for: containers summed, init containers as maximum,
 *                        plus overhead, plus one pod slot; a limit stands in for a missing request
 * @param scoringRequests the same with defaults for best-effort containers (100m CPU, 200 MiB),
 *                        so scoring sees every pod as taking something
 * @param hostPorts       host ports its containers ask for
 * @param requiredAntiAffinity whether it has required pod anti-affinity terms
 */
public record PodInfo(Pod pod, String key, Resources requests, Resources scoringRequests, List<HostPort> hostPorts,
        boolean requiredAntiAffinity) {

    public PodInfo {
        hostPorts = List.copyOf(hostPorts);
    }

    public String namespace() {
        return pod.getMetadata().getNamespace();
    }

    public String name() {
        return pod.getMetadata().getName();
    }

    public Map<String, String> labels() {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
