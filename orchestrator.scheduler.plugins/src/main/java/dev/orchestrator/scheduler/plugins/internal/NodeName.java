package dev.orchestrator.scheduler.plugins.internal;

import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.FilterPlugin;
import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.Plugin;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.SchedulerPlugin;
import dev.orchestrator.api.scheduler.Status;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * A pod that names a node in spec.nodeName is normally bound already; this keeps one that reaches
 * the scheduler anyway (nodeName set after queueing) off any other node.
 */
// ranked to run in Kubernetes' filter order: cheap checks first, the first rejection is the reason shown
@Component(service = Plugin.class)
@ServiceRanking(70)
@SchedulerPlugin(name = "NodeName")
public final class NodeName implements FilterPlugin {

    static final String REASON = "node(s) didn't match the requested node name";

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        String wanted = pod.pod().getSpec().getNodeName();
        if (wanted == null || wanted.isEmpty() || wanted.equals(node.name())) {
            return Status.success();
        }
        return Status.unresolvable(REASON);
    }
}
