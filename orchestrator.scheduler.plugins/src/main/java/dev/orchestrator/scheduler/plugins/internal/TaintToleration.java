package dev.orchestrator.scheduler.plugins.internal;

import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.FilterPlugin;
import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.Plugin;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.SchedulerPlugin;
import dev.orchestrator.api.scheduler.ScorePlugin;
import dev.orchestrator.api.scheduler.Status;
import dev.orchestrator.support.taints.Tolerations;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * Filter: the pod must tolerate the node's NoSchedule and NoExecute taints. Score: the fewer
 * untolerated PreferNoSchedule taints, the better.
 */
// ranked to run in Kubernetes' filter order: cheap checks first, the first rejection is the reason shown
@Component(service = Plugin.class)
@ServiceRanking(60)
@SchedulerPlugin(name = "TaintToleration", weight = 3)
public final class TaintToleration implements FilterPlugin, ScorePlugin {

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        List<Taint> taints = taints(node);
        if (taints.isEmpty()) {
            return Status.success();
        }
        return Tolerations.untolerated(taints, pod.pod().getSpec().getTolerations(), "NoSchedule", "NoExecute")
                .map(t -> Status.unresolvable("node(s) had untolerated taint {" + t.getKey() + ": "
                        + (t.getValue() == null ? "" : t.getValue()) + "}"))
                .orElse(Status.success());
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long count = 0;
        for (Taint taint : taints(node)) {
            if ("PreferNoSchedule".equals(taint.getEffect()) && pod.pod().getSpec().getTolerations().stream()
                    .noneMatch(t -> Tolerations.tolerates(t, taint))) {
                count++;
            }
        }
        return count;
    }

    /** Fewer intolerable taints score higher: 100 for none, 0 for the most any node has. */
    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        Normalize.reversed(scores);
    }

    private static List<Taint> taints(NodeInfo node) {
        var spec = node.node().getSpec();
        return spec == null ? List.of() : spec.getTaints();
    }
}
