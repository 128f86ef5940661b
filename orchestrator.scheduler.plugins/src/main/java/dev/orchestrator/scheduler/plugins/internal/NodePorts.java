package dev.orchestrator.scheduler.plugins.internal;

import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.FilterPlugin;
import dev.orchestrator.api.scheduler.HostPort;
import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.Plugin;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.SchedulerPlugin;
import dev.orchestrator.api.scheduler.Status;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.ServiceRanking;

/** The host ports the pod asks for must be free on the node. */
// ranked to run in Kubernetes' filter order: cheap checks first, the first rejection is the reason shown
@Component(service = Plugin.class)
@ServiceRanking(40)
@SchedulerPlugin(name = "NodePorts")
public final class NodePorts implements FilterPlugin {

    static final String REASON = "node(s) didn't have free ports for the requested pod ports";

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        if (pod.hostPorts().isEmpty()) {
            return Status.success();
        }
        for (PodInfo other : node.pods()) {
            for (HostPort used : other.hostPorts()) {
                for (HostPort wanted : pod.hostPorts()) {
                    if (wanted.conflictsWith(used)) {
                        return Status.unschedulable(REASON);
                    }
                }
            }
        }
        return Status.success();
    }
}
