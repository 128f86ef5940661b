package dev.orchestrator.api.scheduler;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/** Called only when no node fits, e.g. to make room by preemption. */
@ConsumerType
public interface PostFilterPlugin extends Plugin {

    /**
     * @param nodeStatuses why each node was turned away, by node name
     * @return SUCCESS when the plugin changed something that may let the pod fit soon (the pod is
     *         retried after back-off); anything else leaves the pod unschedulable
     */
    Status postFilter(CycleState state, PodInfo pod, Map<String, Status> nodeStatuses);
}
