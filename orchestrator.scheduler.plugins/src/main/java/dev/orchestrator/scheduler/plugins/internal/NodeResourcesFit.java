package dev.orchestrator.scheduler.plugins.internal;

import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.FilterPlugin;
import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.Plugin;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.Resources;
import dev.orchestrator.api.scheduler.SchedulerPlugin;
import dev.orchestrator.api.scheduler.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.ServiceRanking;

/** The node must have room for the pod's requests: cpu, memory, ephemeral storage, pod slots, extended resources. */
// ranked to run in Kubernetes' filter order: cheap checks first, the first rejection is the reason shown
@Component(service = Plugin.class)
@ServiceRanking(30)
@SchedulerPlugin(name = "NodeResourcesFit")
public final class NodeResourcesFit implements FilterPlugin {

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        // runs for hundreds of nodes per pod: compare in place, allocate only for a rejection
        Resources want = pod.requests();
        Resources has = node.allocatable();
        Resources used = node.requested();
        List<String> reasons = null;
        if (want.pods() > has.pods() - used.pods()) {
            reasons = add(reasons, "Too many pods");
        }
        if (want.milliCpu() > 0 && want.milliCpu() > has.milliCpu() - used.milliCpu()) {
            reasons = add(reasons, "Insufficient cpu");
        }
        if (want.memory() > 0 && want.memory() > has.memory() - used.memory()) {
            reasons = add(reasons, "Insufficient memory");
        }
        if (want.ephemeralStorage() > 0 && want.ephemeralStorage() > has.ephemeralStorage() - used.ephemeralStorage()) {
            reasons = add(reasons, "Insufficient ephemeral-storage");
        }
        for (Map.Entry<String, Long> e : want.scalars().entrySet()) {
            if (e.getValue() > 0 && e.getValue() > has.scalar(e.getKey()) - used.scalar(e.getKey())) {
                reasons = add(reasons, "Insufficient " + e.getKey());
            }
        }
        return reasons == null ? Status.success() : new Status(Status.Code.UNSCHEDULABLE, reasons);
    }

    private static List<String> add(List<String> reasons, String reason) {
        List<String> r = reasons == null ? new ArrayList<>(2) : reasons;
        r.add(reason);
        return r;
    }
}
