package dev.orchestrator.scheduler.spread.internal;

import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.Plugin;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.PreScorePlugin;
import dev.orchestrator.api.scheduler.SchedulerPlugin;
import dev.orchestrator.api.scheduler.ScorePlugin;
import dev.orchestrator.api.scheduler.StateKey;
import dev.orchestrator.api.scheduler.Status;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * Spreads the replicas of one workload: the fewer of its pods a node (and the node's zone,
 * {@code topology.kubernetes.io/zone}) already has, the higher the score. Replicas are pods with the
 * same controller owner, or, for pods without one, the same namespace and labels. When nodes have
 * zones, the zone counts for two thirds of the score, as in Kubernetes' selector spreading.
 */
@Component(service = Plugin.class)
@SchedulerPlugin(name = "ReplicaSpread", strategy = "spread", weight = 2, strategyRank = 50)
public final class ReplicaSpread implements PreScorePlugin, ScorePlugin {

    static final String ZONE = "topology.kubernetes.io/zone";

    /** Final scores by node name. */
    record Scores(Map<String, Long> byNode) {
    }

    private static final StateKey<Scores> STATE = new StateKey<>("ReplicaSpread", Scores.class);

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes) {
        Optional<String> owner = controller(pod);
        if (owner.isEmpty() && pod.labels().isEmpty()) {
            return Status.skip();
        }
        Map<String, Long> perNode = new HashMap<>();
        Map<String, Long> perZone = new HashMap<>();
        long maxNode = 0;
        for (NodeInfo node : feasibleNodes) {
            long count = node.pods().stream().filter(p -> sameWorkload(pod, owner, p)).count();
            perNode.put(node.name(), count);
            maxNode = Math.max(maxNode, count);
            String zone = node.labels().get(ZONE);
            if (zone != null) {
                perZone.merge(zone, count, Long::sum);
            }
        }
        long maxZone = perZone.values().stream().mapToLong(Long::longValue).max().orElse(0);
        Map<String, Long> scores = new HashMap<>();
        for (NodeInfo node : feasibleNodes) {
            long nodeScore = maxNode == 0 ? MAX_SCORE : (maxNode - perNode.get(node.name())) * MAX_SCORE / maxNode;
            String zone = node.labels().get(ZONE);
            if (!perZone.isEmpty()) {
                long zoneScore = zone == null ? 0
                        : maxZone == 0 ? MAX_SCORE : (maxZone - perZone.get(zone)) * MAX_SCORE / maxZone;
                nodeScore = (nodeScore + 2 * zoneScore) / 3;
            }
            scores.put(node.name(), nodeScore);
        }
        state.write(STATE, new Scores(scores));
        return Status.success();
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        return state.read(STATE).map(s -> s.byNode().getOrDefault(node.name(), 0L)).orElse(0L);
    }

    private static Optional<String> controller(PodInfo pod) {
        return pod.pod().getMetadata().getOwnerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.getController())).map(OwnerReference::getUid).findFirst();
    }

    private static boolean sameWorkload(PodInfo pod, Optional<String> owner, PodInfo other) {
        if (!other.namespace().equals(pod.namespace())) {
            return false;
        }
        if (owner.isPresent()) {
            return owner.equals(controller(other));
        }
        return controller(other).isEmpty() && other.labels().equals(pod.labels());
    }
}
