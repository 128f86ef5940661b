package dev.orchestrator.scheduler.binpack.internal;

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

/**
 * Bin-packing: scores a node by how full it would be with the pod (weighted over the configured
 * resources), so pods fill busy nodes first and empty nodes stay empty.
 */
@Component(service = Plugin.class, name = "orchestrator.scheduler.binpack")
@Designate(ocd = BinpackConfig.class)
@SchedulerPlugin(name = "MostAllocated", strategy = "binpack", strategyRank = 100)
public final class MostAllocated implements ScorePlugin {

    private final ResourceWeights weights;

    @Activate
    public MostAllocated(BinpackConfig config) {
        this.weights = Utilization.parseWeights(config.resources());
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        return Utilization.of(weights, node, pod);
    }

    /** The fullest node scores 100, the emptiest 0, the rest in proportion. */
    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        Scores.rescale(scores);
    }
}
