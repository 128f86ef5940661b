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
        return new NodeInfo(node, allocatable, Resources.ZERO, Resources.ZERO, List.of(), List.of());
    }

    /** @return the node with its API object replaced, keeping its pods */
    public static NodeInfo withNode(NodeInfo info, Node updated) {
        return new NodeInfo(updated, of(updated).allocatable(), info.requested(), info.scoringRequested(),
                info.pods(), info.antiAffinityPods());
    }

    /** @return the node with one more pod (a pod of the same key is replaced) */
    public static NodeInfo withPod(NodeInfo info, PodInfo pod) {
        NodeInfo without = withoutPod(info, pod.key());
        List<PodInfo> more = new ArrayList<>(without.pods().size() + 1);
        more.addAll(without.pods());
        more.add(pod);
        List<PodInfo> anti = without.antiAffinityPods();
        if (pod.requiredAntiAffinity()) {
            anti = new ArrayList<>(anti);
            anti.add(pod);
        }
        return new NodeInfo(info.node(), info.allocatable(), without.requested().plus(pod.requests()),
                without.scoringRequested().plus(pod.scoringRequests()), more, anti);
    }

    /** @return the node without the pod of that key (the same view when the pod is not there) */
    public static NodeInfo withoutPod(NodeInfo info, String key) {
        List<PodInfo> pods = info.pods();
        for (int i = 0; i < pods.size(); i++) {
            PodInfo p = pods.get(i);
            if (p.key().equals(key)) {
                List<PodInfo> fewer = new ArrayList<>(pods);
                fewer.remove(i);
                List<PodInfo> anti = info.antiAffinityPods();
                if (p.requiredAntiAffinity()) {
                    anti = new ArrayList<>(anti);
                    anti.removeIf(a -> a.key().equals(key));
                }
                return new NodeInfo(info.node(), info.allocatable(), info.requested().minus(p.requests()),
                        info.scoringRequested().minus(p.scoringRequests()), fewer, anti);
            }
        }
        return info;
    }
}
