package dev.orchestrator.api.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Map;

/**
 * A node with the pods on it (bound and assumed) and what they take. Immutable: a change makes a
 * new instance, so a snapshot never changes under a cycle.
 *
 * @param node            the API object; treat as read-only
 * @param allocatable     what pods may take (status.allocatable, else capacity)
 * @param requested       the pods' requests summed
 * @param scoringRequested the pods' scoring requests summed (see {@link PodInfo#scoringRequests()})
 * @param pods            the pods on the node (kept as given when a {@link PodList}, else copied)
 * @param antiAffinityPods the pods on the node with required pod anti-affinity (every incoming pod
 *                        must be checked against them, so they are kept apart)
 */
public record NodeInfo(Node node, Resources allocatable, Resources requested, Resources scoringRequested,
        List<PodInfo> pods, List<PodInfo> antiAffinityPods) {

    public NodeInfo {
        pods = pods instanceof PodList ? pods : List.copyOf(pods);
        antiAffinityPods = List.copyOf(antiAffinityPods);
    }

    public String name() {
        return node.getMetadata().getName();
    }

    public Map<String, String> labels() {
        Map<String, String> labels = node.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
