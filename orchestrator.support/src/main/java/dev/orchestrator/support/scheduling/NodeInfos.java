package dev.orchestrator.support.scheduling;

import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.Resources;
import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.List;

/** The scheduler's view of a node, and new views as pods come and go (a view never changes). */
public final class NodeInfos {

    private NodeInfos() {
    }

    /** @return a node with no pods; what pods may take is status.allocatable, else capacity */
    public static NodeInfo of(Node node) {
        var status = node.getStatus();
        Resources allocatable = Resources.ZERO;
        if (status != null) {
            allocatable = ResourceLists.amounts(status.getAllocatable() != null && !status.getAllocatable().isEmpty()
                    ? status.getAllocatable() : status.getCapacity());
        }
        return new NodeInfo(node, allocatable, Resources.ZERO, Resources.ZERO, SortedPodList.EMPTY, List.of());
    }

    /** @return the node with its API object replaced, keeping its pods */
    public static NodeInfo withNode(NodeInfo info, Node updated) {
        return new NodeInfo(updated, of(updated).allocatable(), info.requested(), info.scoringRequested(),
                info.pods(), info.antiAffinityPods());
    }

    /** @return the node with one more pod (a pod of the same key is replaced) */
    public static NodeInfo withPod(NodeInfo info, PodInfo pod) {
        SortedPodList pods = SortedPodList.of(info.pods());
        PodInfo old = pods.find(pod.key());
        Resources requested = info.requested().plus(pod.requests());
        Resources scoring = info.scoringRequested().plus(pod.scoringRequests());
        List<PodInfo> anti = info.antiAffinityPods();
        if (old != null) {
            requested = requested.minus(old.requests());
            scoring = scoring.minus(old.scoringRequests());
            anti = withoutKey(anti, old);
        }
        if (pod.requiredAntiAffinity()) {
            anti = new ArrayList<>(anti);
            anti.add(pod);
        }
        return new NodeInfo(info.node(), info.allocatable(), requested, scoring, pods.with(pod), anti);
    }

    /** @return the node without the pod of that key (the same view when the pod is not there) */
    public static NodeInfo withoutPod(NodeInfo info, String key) {
        SortedPodList pods = SortedPodList.of(info.pods());
        PodInfo old = pods.find(key);
        if (old == null) {
            return info;
        }
        return new NodeInfo(info.node(), info.allocatable(), info.requested().minus(old.requests()),
                info.scoringRequested().minus(old.scoringRequests()), pods.without(key),
                withoutKey(info.antiAffinityPods(), old));
    }

    private static List<PodInfo> withoutKey(List<PodInfo> antiAffinityPods, PodInfo pod) {
        if (!pod.requiredAntiAffinity()) {
            return antiAffinityPods;
        }
        List<PodInfo> fewer = new ArrayList<>(antiAffinityPods);
        fewer.removeIf(a -> a.key().equals(pod.key()));
        return fewer;
    }
}
