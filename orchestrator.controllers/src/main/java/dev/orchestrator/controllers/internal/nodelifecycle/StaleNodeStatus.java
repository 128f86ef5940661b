package dev.orchestrator.controllers.internal.nodelifecycle;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The conditions of a node whose kubelet stopped reporting: Ready and the kubelet's pressure conditions become
 * Unknown, with Kubernetes' reasons, since nobody knows any more what they are.
 */
final class StaleNodeStatus {

    static final List<String> KUBELET_CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");

    private StaleNodeStatus() {
    }

    /**
     * @param neverPosted whether the node never had a Ready condition (reason NodeStatusNeverUpdated)
     * @return the node's conditions with the kubelet's ones Unknown, or empty when they already all are
     */
    static Optional<List<NodeCondition>> unknown(List<NodeCondition> conditions, boolean neverPosted, Instant now) {
        String reason = neverPosted ? "NodeStatusNeverUpdated" : "NodeStatusUnknown";
        String message = neverPosted ? "Kubelet never posted node status." : "Kubelet stopped posting node status.";
        List<NodeCondition> result = new ArrayList<>(conditions);
        boolean changed = false;
        for (String type : KUBELET_CONDITIONS) {
            int index = indexOf(result, type);
            NodeCondition current = index < 0 ? null : result.get(index);
            if (current != null && "Unknown".equals(current.getStatus())) {
                continue;
            }
            NodeCondition stale = new NodeConditionBuilder().withType(type).withStatus("Unknown").withReason(reason)
                    .withMessage(message).withLastTransitionTime(now.toString())
                    .withLastHeartbeatTime(current == null ? now.toString() : current.getLastHeartbeatTime()).build();
            if (index < 0) {
                result.add(stale);
            } else {
                result.set(index, stale);
            }
            changed = true;
        }
        return changed ? Optional.of(result) : Optional.empty();
    }

    /** The status of a condition of the node, empty when it has none of that type. */
    static Optional<String> status(List<NodeCondition> conditions, String type) {
        int index = indexOf(conditions, type);
        return index < 0 ? Optional.empty() : Optional.ofNullable(conditions.get(index).getStatus());
    }

    private static int indexOf(List<NodeCondition> conditions, String type) {
        for (int i = 0; i < conditions.size(); i++) {
            if (type.equals(conditions.get(i).getType())) {
                return i;
            }
        }
        return -1;
    }
}
