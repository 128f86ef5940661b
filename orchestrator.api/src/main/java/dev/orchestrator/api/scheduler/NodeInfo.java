package dev.orchestrator.api.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
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
 * @param pods            the pods on the node
 * @param antiAffinityPods the pods on the node with required pod anti-affinity (every incoming pod
 *                        must be checked against them, so they are kept apart)
 */
public record NodeInfo(Node node, Resources allocatable, Resources requested, Resources scoringRequested,
        List<PodInfo> pods, List<PodInfo> antiAffinityPods) {

    public NodeInfo {
        pods = List.copyOf(pods);
        antiAffinityPods = List.copyOf(antiAffinityPods);
    }

    /** @return the scheduler's view of a node with no pods */
    public static NodeInfo of(Node node) {
        var status = node.getStatus();
        Resources allocatable = Resources.ZERO;
        if (status != null) {
            allocatable = Resources.of(status.getAllocatable() != null && !status.getAllocatable().isEmpty()
                    ? status.getAllocatable() : status.getCapacity());
        }
        return new NodeInfo(node, allocatable, Resources.ZERO, Resources.ZERO, List.of(), List.of());
    }

    public String name() {
        return node.getMetadata().getName();
    }

    public Map<String, String> labels() {
        Map<String, String> labels = node.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    /** @return this node with its API object replaced, keeping its pods */
    public NodeInfo withNode(Node updated) {
        NodeInfo fresh = of(updated);
        return new NodeInfo(updated, fresh.allocatable, requested, scoringRequested, pods, antiAffinityPods);
    }

    /** @return this node with one more pod (a pod of the same key is replaced) */
    public NodeInfo withPod(PodInfo pod) {
        NodeInfo without = withoutPod(pod.key());
        List<PodInfo> more = new ArrayList<>(without.pods.size() + 1);
        more.addAll(without.pods);
        more.add(pod);
        List<PodInfo> anti = without.antiAffinityPods;
        if (pod.hasRequiredAntiAffinity()) {
            anti = new ArrayList<>(anti);
            anti.add(pod);
        }
        return new NodeInfo(node, allocatable, without.requested.plus(pod.requests()),
                without.scoringRequested.plus(pod.scoringRequests()), more, anti);
    }

    /** @return this node without the pod of that key (itself when the pod is not here) */
    public NodeInfo withoutPod(String key) {
        for (int i = 0; i < pods.size(); i++) {
            PodInfo p = pods.get(i);
            if (p.key().equals(key)) {
                List<PodInfo> fewer = new ArrayList<>(pods);
                fewer.remove(i);
                List<PodInfo> anti = antiAffinityPods;
                if (p.hasRequiredAntiAffinity()) {
                    anti = new ArrayList<>(anti);
                    anti.removeIf(a -> a.key().equals(key));
                }
                return new NodeInfo(node, allocatable, requested.minus(p.requests()),
                        scoringRequested.minus(p.scoringRequests()), fewer, anti);
            }
        }
        return this;
    }
}
