package dev.orchestrator.scheduler.plugins.internal;

import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.FilterPlugin;
import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.Plugin;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.SchedulerPlugin;
import dev.orchestrator.api.scheduler.ScorePlugin;
import dev.orchestrator.api.scheduler.Status;
import dev.orchestrator.support.selector.Selectors;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * Filter: the node must match the pod's nodeSelector and its required node affinity. Score: the
 * sum of the weights of the preferred node affinity terms the node matches.
 */
// ranked to run in Kubernetes' filter order: cheap checks first, the first rejection is the reason shown
@Component(service = Plugin.class)
@ServiceRanking(50)
@SchedulerPlugin(name = "NodeAffinity", weight = 2)
public final class NodeAffinity implements FilterPlugin, ScorePlugin {

    static final String REASON = "node(s) didn't match Pod's node affinity/selector";

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        return matchesRequired(pod.pod(), node) ? Status.success() : Status.unresolvable(REASON);
    }

    /** @return whether the node matches the pod's nodeSelector and required node affinity */
    static boolean matchesRequired(Pod pod, NodeInfo node) {
        Map<String, String> labels = node.labels();
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        if (selector != null && !selector.isEmpty()) {
            for (Map.Entry<String, String> e : selector.entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        var affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return true;
        }
        List<NodeSelectorTerm> terms = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        return Selectors.matchesAnyTerm(terms, labels, node.name());
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        var affinity = pod.pod().getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null) {
            return 0;
        }
        long sum = 0;
        for (PreferredSchedulingTerm t : affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()) {
            if (t.getPreference() != null && Selectors.matchesTerm(t.getPreference(), node.labels(), node.name())) {
                sum += t.getWeight() == null ? 0 : t.getWeight();
            }
        }
        return sum;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        Normalize.scaled(scores);
    }
}
