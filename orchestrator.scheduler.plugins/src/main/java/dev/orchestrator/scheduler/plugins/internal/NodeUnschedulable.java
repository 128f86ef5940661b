package dev.orchestrator.scheduler.plugins.internal;

import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.FilterPlugin;
import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.Plugin;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.SchedulerPlugin;
import dev.orchestrator.api.scheduler.Status;
import dev.orchestrator.support.taints.Tolerations;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.ServiceRanking;

/** Cordoned nodes (spec.unschedulable) take no new pods, unless the pod tolerates the unschedulable taint. */
// ranked to run in Kubernetes' filter order: cheap checks first, the first rejection is the reason shown
@Component(service = Plugin.class)
@ServiceRanking(80)
@SchedulerPlugin(name = "NodeUnschedulable")
public final class NodeUnschedulable implements FilterPlugin {

    static final String REASON = "node(s) were unschedulable";
    private static final Taint UNSCHEDULABLE = new TaintBuilder().withKey("node.kubernetes.io/unschedulable")
            .withEffect("NoSchedule").build();

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        var spec = node.node().getSpec();
        if (spec == null || !Boolean.TRUE.equals(spec.getUnschedulable())) {
            return Status.success();
        }
        boolean tolerated = pod.pod().getSpec().getTolerations().stream()
                .anyMatch(t -> Tolerations.tolerates(t, UNSCHEDULABLE));
        return tolerated ? Status.success() : Status.unresolvable(REASON);
    }
}
