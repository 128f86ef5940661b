package dev.orchestrator.scheduler.plugins.internal;

import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.FilterPlugin;
import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.Plugin;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.PreFilterPlugin;
import dev.orchestrator.api.scheduler.PreScorePlugin;
import dev.orchestrator.api.scheduler.SchedulerPlugin;
import dev.orchestrator.api.scheduler.ScorePlugin;
import dev.orchestrator.api.scheduler.StateKey;
import dev.orchestrator.api.scheduler.Status;
import dev.orchestrator.support.selector.Selectors;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * topologySpreadConstraints: DoNotSchedule constraints filter (placing the pod must not make the
 * number of matching pods in its domain exceed the emptiest domain by more than maxSkew);
 * ScheduleAnyway constraints score (the fewer matching pods in the node's domain, the better).
 * Only nodes that match the pod's node selector and affinity count as domains (nodeAffinityPolicy
 * Honor, the default).
 */
// ranked to run in Kubernetes' filter order: cheap checks first, the first rejection is the reason shown
@Component(service = Plugin.class)
@ServiceRanking(20)
@SchedulerPlugin(name = "PodTopologySpread", weight = 2)
public final class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {

    static final String REASON = "node(s) didn't match pod topology spread constraints";
    static final String MISSING_LABEL = REASON + " (missing required label)";

    /** Matching pods per domain of each constraint, and the smallest count. */
    record Counts(List<TopologySpreadConstraint> constraints, List<Map<String, Integer>> perDomain, int[] minimum) {
    }

    private static final StateKey<Counts> HARD = new StateKey<>("PodTopologySpread.hard", Counts.class);
    private static final StateKey<Counts> SOFT = new StateKey<>("PodTopologySpread.soft", Counts.class);

    @Override
    public Status preFilter(CycleState state, PodInfo pod) {
        List<TopologySpreadConstraint> hard = constraints(pod, "DoNotSchedule");
        if (hard.isEmpty()) {
            return Status.skip();
        }
        state.write(HARD, count(hard, pod, state.snapshot().nodes()));
        return Status.success();
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        Counts counts = state.read(HARD).orElse(null);
        if (counts == null) {
            return Status.success();
        }
        for (int i = 0; i < counts.constraints().size(); i++) {
            TopologySpreadConstraint c = counts.constraints().get(i);
            String domain = node.labels().get(c.getTopologyKey());
            if (domain == null) {
                return Status.unresolvable(MISSING_LABEL);
            }
            int self = Selectors.matches(c.getLabelSelector(), pod.labels()) ? 1 : 0;
            int skew = counts.perDomain().get(i).getOrDefault(domain, 0) + self - counts.minimum()[i];
            if (skew > c.getMaxSkew()) {
                return Status.unschedulable(REASON);
            }
        }
        return Status.success();
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes) {
        List<TopologySpreadConstraint> soft = constraints(pod, "ScheduleAnyway");
        if (soft.isEmpty()) {
            return Status.skip();
        }
        state.write(SOFT, count(soft, pod, state.snapshot().nodes()));
        return Status.success();
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        Counts counts = state.read(SOFT).orElse(null);
        if (counts == null) {
            return 0;
        }
        long sum = 0;
        for (int i = 0; i < counts.constraints().size(); i++) {
            String domain = node.labels().get(counts.constraints().get(i).getTopologyKey());
            // a node outside every domain is as bad as the fullest one
            sum += domain == null ? Integer.MAX_VALUE / 4 : counts.perDomain().get(i).getOrDefault(domain, 0);
        }
        return sum;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        Normalize.reversed(scores);
    }

    private static List<TopologySpreadConstraint> constraints(PodInfo pod, String whenUnsatisfiable) {
        return pod.pod().getSpec().getTopologySpreadConstraints().stream()
                .filter(c -> whenUnsatisfiable.equals(c.getWhenUnsatisfiable())).toList();
    }

    private static Counts count(List<TopologySpreadConstraint> constraints, PodInfo pod, List<NodeInfo> nodes) {
        List<Map<String, Integer>> perDomain = constraints.stream().map(c -> (Map<String, Integer>) new HashMap<String, Integer>())
                .toList();
        for (NodeInfo node : nodes) {
            if (!NodeAffinity.matchesRequired(pod.pod(), node)) {
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                TopologySpreadConstraint c = constraints.get(i);
                String domain = node.labels().get(c.getTopologyKey());
                if (domain == null) {
                    continue;
                }
                int matching = 0;
                for (PodInfo other : node.pods()) {
                    if (other.namespace().equals(pod.namespace())
                            && other.pod().getMetadata().getDeletionTimestamp() == null
                            && Selectors.matches(c.getLabelSelector(), other.labels())) {
                        matching++;
                    }
                }
                perDomain.get(i).merge(domain, matching, Integer::sum);
            }
        }
        int[] minimum = new int[constraints.size()];
        for (int i = 0; i < minimum.length; i++) {
            minimum[i] = perDomain.get(i).values().stream().mapToInt(Integer::intValue).min().orElse(0);
        }
        return new Counts(constraints, perDomain, minimum);
    }
}
