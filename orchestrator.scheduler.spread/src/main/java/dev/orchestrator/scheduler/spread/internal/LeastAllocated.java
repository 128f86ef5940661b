package dev.orchestrator.scheduler.spread.internal;

import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.Plugin;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.ResourceWeights;
import dev.orchestrator.api.scheduler.SchedulerPlugin;
import dev.orchestrator.api.scheduler.ScorePlugin;
import dev.orchestrator.support.scheduling.Scores;
import dev.orchestrator.support.scheduling.Utilization;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/** Spreading by load: scores a node by how much would stay free with the pod, so load evens out. */
@Component(service = Plugin.class, name = "orchestrator.scheduler.spread")
@Designate(ocd = SpreadConfig.class)
@SchedulerPlugin(name = "LeastAllocated", strategy = "spread", strategyRank = 50)
public final class LeastAllocated implements ScorePlugin {

    private final ResourceWeights weights;

    @Activate
    public LeastAllocated(SpreadConfig config) {
        this.weights = Utilization.parseWeights(config.resources());
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        return Utilization.FULL - Utilization.of(weights, node, pod);
    }

    /** The emptiest node scores 100, the fullest 0, the rest in proportion. */
    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        Scores.rescale(scores);
    }
}
