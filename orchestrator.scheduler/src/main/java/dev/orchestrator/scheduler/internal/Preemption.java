package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.FilterPlugin;
import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.Status;
import dev.orchestrator.scheduler.internal.PluginSet.Named;
import dev.orchestrator.support.scheduling.NodeInfos;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Kubernetes' default preemption, decided when no node fits a pod: on each node that turned it away for a reason
 * that removing pods can cure, the pods of lower priority are taken away in thought; if the pod then passes every
 * Filter, as many of them as possible are given back, highest priority first, and the rest are that node's victims.
 * The node chosen is the one whose victims matter least: lowest highest-priority victim, then lowest sum of
 * priorities, then fewest victims. A pod with {@code preemptionPolicy: Never} preempts nobody, and a node where pods
 * of lower priority are terminating is left to finish (its room may be this pod's, from an earlier attempt whose
 * nomination the cache has not seen yet) rather than losing more pods.
 * PodDisruptionBudgets are not consulted (Kubernetes treats them as best effort only).
 */
final class Preemption {

    /** The node to make room on and the pods to delete there. */
    record Choice(String node, List<PodInfo> victims) {
    }

    private Preemption() {
    }

    static Optional<Choice> choose(List<Named<FilterPlugin>> filters, CycleState state, PodInfo pod, List<NodeInfo> nodes,
                                   Status[] rejections) {
        if ("Never".equals(pod.pod().getSpec().getPreemptionPolicy())) {
            return Optional.empty();
        }
        int priority = priority(pod);
        Choice best = null;
        for (int i = 0; i < nodes.size(); i++) {
            if (rejections[i] == null || rejections[i].code() != Status.Code.UNSCHEDULABLE) {
                continue; // fits already (not examined), or cannot fit whatever is removed
            }
            Optional<Choice> candidate = victimsOn(filters, state, pod, nodes.get(i), priority);
            if (candidate.isPresent() && (best == null || BETTER.compare(candidate.get(), best) < 0)) {
                best = candidate.get();
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<Choice> victimsOn(List<Named<FilterPlugin>> filters, CycleState state, PodInfo pod,
                                              NodeInfo node, int priority) {
        List<PodInfo> lower = new ArrayList<>();
        NodeInfo without = node;
        for (PodInfo other : node.pods()) {
            if (priority(other) >= priority) {
                continue;
            }
            if (other.pod().getMetadata().getDeletionTimestamp() != null) {
                return Optional.empty(); // room is being made here already (perhaps by this pod): wait for it
            }
            lower.add(other);
            without = NodeInfos.withoutPod(without, other.key());
        }
        if (lower.isEmpty() || !fits(filters, state, pod, without)) {
            return Optional.empty();
        }
        lower.sort(Comparator.comparingInt(Preemption::priority).reversed());
        List<PodInfo> victims = new ArrayList<>();
        for (PodInfo other : lower) {
            NodeInfo with = NodeInfos.withPod(without, other);
            if (fits(filters, state, pod, with)) {
                without = with; // reprieved: the pod fits with it still there
            } else {
                victims.add(other);
            }
        }
        return Optional.of(new Choice(node.name(), victims));
    }

    private static boolean fits(List<Named<FilterPlugin>> filters, CycleState state, PodInfo pod, NodeInfo node) {
        for (Named<FilterPlugin> f : filters) {
            if (!f.plugin().filter(state, pod, node).isSuccess()) {
                return false;
            }
        }
        return true;
    }

    private static final Comparator<Choice> BETTER = Comparator
            .comparingInt((Choice c) -> c.victims().stream().mapToInt(Preemption::priority).max().orElse(Integer.MIN_VALUE))
            .thenComparingLong(c -> c.victims().stream().mapToLong(Preemption::priority).sum())
            .thenComparingInt(c -> c.victims().size());

    static int priority(PodInfo pod) {
        Integer p = pod.pod().getSpec() == null ? null : pod.pod().getSpec().getPriority();
        return p == null ? 0 : p;
    }
}
