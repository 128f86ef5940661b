package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.FilterPlugin;
import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.PostFilterPlugin;
import dev.orchestrator.api.scheduler.PreFilterPlugin;
import dev.orchestrator.api.scheduler.PreScorePlugin;
import dev.orchestrator.api.scheduler.ReservePlugin;
import dev.orchestrator.api.scheduler.ScorePlugin;
import dev.orchestrator.api.scheduler.Status;
import dev.orchestrator.scheduler.internal.PluginSet.Named;
import dev.orchestrator.support.scheduling.CycleStates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The synchronous part of scheduling one pod: PreFilter, Filter over (a sample of) the nodes,
 * PostFilter when none fits, PreScore, Score and normalize, pick the best, Reserve. Binding is
 * not part of it (see {@link Binder}), so the next cycle starts while this pod's binding is in
 * flight.
 */
final class SchedulingCycle {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SchedulingCycle.class);

    /** Kubernetes looks at no fewer nodes than this, whatever the percentage. */
    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;

    private final NodeWorkers workers;
    private final int percentageOfNodesToScore;
    private final boolean preemption;
    private int nextStartIndex;

    SchedulingCycle(NodeWorkers workers, int percentageOfNodesToScore) {
        this(workers, percentageOfNodesToScore, true);
    }

    /** @param preemption whether a pod that fits nowhere may have pods of lower priority deleted ({@link Preemption}) */
    SchedulingCycle(NodeWorkers workers, int percentageOfNodesToScore, boolean preemption) {
        this.workers = workers;
        this.percentageOfNodesToScore = percentageOfNodesToScore;
        this.preemption = preemption;
    }

    CycleResult schedule(PluginSet plugins, Snapshot snapshot, PodInfo pod) {
        CycleState state = CycleStates.create(snapshot);
        List<NodeInfo> nodes = snapshot.nodes();
        try {
            Set<Object> skipped = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Named<PreFilterPlugin> p : plugins.preFilters()) {
                Status s = p.plugin().preFilter(state, pod);
                if (s.code() == Status.Code.SKIP) {
                    skipped.add(p.plugin());
                } else if (s.isRejected()) {
                    return new CycleResult.Unschedulable(FitFailure.preFilterMessage(nodes.size(), s), false);
                } else if (!s.isSuccess()) {
                    return new CycleResult.Failed(p.name() + " PreFilter: " + s.message());
                }
            }
            Status[] rejections = new Status[nodes.size()];
            AtomicReference<String> error = new AtomicReference<>();
            List<NodeInfo> feasible = filter(plugins, skipped, state, pod, nodes, rejections, error);
            if (error.get() != null) {
                return new CycleResult.Failed(error.get()); // as Kubernetes: an error is no verdict on the node
            }
            if (feasible.isEmpty()) {
                return unschedulable(plugins, skipped, state, pod, nodes, rejections);
            }
            String chosen = feasible.size() == 1 ? feasible.get(0).name() : best(plugins, state, pod, feasible);
            return reserve(plugins, state, pod, chosen, nodes.size(), feasible.size());
        } catch (RuntimeException e) {
            return new CycleResult.Failed("plugin error: " + e);
        }
    }

    /**
     * Runs the Filter plugins until enough feasible nodes are found. A rejection is recorded in {@code rejections} by
     * node index; a plugin's {@code ERROR} (or any status that neither passes nor rejects) stops the search and is
     * left in {@code error}: the cycle then fails, to be retried, rather than counting the node as unfit.
     */
    private List<NodeInfo> filter(PluginSet plugins, Set<Object> skipped, CycleState state, PodInfo pod,
            List<NodeInfo> nodes, Status[] rejections, AtomicReference<String> error) {
        int n = nodes.size();
        int toFind = feasibleToFind(n);
        NodeInfo[] found = new NodeInfo[toFind];
        AtomicInteger feasibleCount = new AtomicInteger();
        AtomicInteger processed = new AtomicInteger();
        List<Named<FilterPlugin>> filters = plugins.filters().stream()
                .filter(f -> !skipped.contains(f.plugin())).toList();
        int start = n == 0 ? 0 : nextStartIndex % n;
        workers.forEach(n, Math.min(n, 2 * toFind), i -> {
            if (feasibleCount.get() >= toFind || error.get() != null) {
                return false;
            }
            int index = (start + i) % n;
            NodeInfo node = nodes.get(index);
            processed.incrementAndGet();
            for (Named<FilterPlugin> f : filters) {
                Status s = f.plugin().filter(state, pod, node);
                if (s.isRejected()) {
                    rejections[index] = s;
                    return true;
                }
                if (!s.isSuccess()) {
                    error.compareAndSet(null, f.name() + " Filter on node " + node.name() + ": " + s.message());
                    return false;
                }
            }
            int slot = feasibleCount.getAndIncrement();
            if (slot < toFind) {
                found[slot] = node;
            }
            return slot + 1 < toFind;
        });
        if (n > 0) {
            nextStartIndex = (start + processed.get()) % n;
        }
        List<NodeInfo> feasible = new ArrayList<>(Math.min(toFind, feasibleCount.get()));
        for (NodeInfo node : found) {
            if (node != null) {
                feasible.add(node);
            }
        }
        return feasible;
    }

    /** @return how many feasible nodes to find before scoring (Kubernetes' adaptive rule by default) */
    int feasibleToFind(int nodes) {
        if (nodes <= MIN_FEASIBLE_NODES_TO_FIND || percentageOfNodesToScore >= 100) {
            return Math.max(nodes, 1);
        }
        int percentage = percentageOfNodesToScore;
        if (percentage <= 0) {
            percentage = Math.max(5, 50 - nodes / 125);
        }
        return Math.max(MIN_FEASIBLE_NODES_TO_FIND, nodes * percentage / 100);
    }

    private CycleResult unschedulable(PluginSet plugins, Set<Object> skipped, CycleState state, PodInfo pod,
            List<NodeInfo> nodes, Status[] rejections) {
        List<Status> statuses = Arrays.stream(rejections).filter(Objects::nonNull).toList();
        boolean retrySoon = false;
        if (!plugins.postFilters().isEmpty()) {
            Map<String, Status> byNode = new HashMap<>();
            for (int i = 0; i < rejections.length; i++) {
                if (rejections[i] != null) {
                    byNode.put(nodes.get(i).name(), rejections[i]);
                }
            }
            for (Named<PostFilterPlugin> p : plugins.postFilters()) {
                if (p.plugin().postFilter(state, pod, Collections.unmodifiableMap(byNode)).isSuccess()) {
                    retrySoon = true;
                    break;
                }
            }
        }
        String message = FitFailure.message(nodes.size(), statuses);
        if (preemption) {
            List<Named<FilterPlugin>> filters = plugins.filters().stream().filter(f -> !skipped.contains(f.plugin())).toList();
            java.util.Optional<Preemption.Choice> choice = Preemption.choose(filters, state, pod, nodes, rejections);
            if (choice.isPresent()) {
                return new CycleResult.Unschedulable(message + " preemption: " + choice.get().victims().size()
                        + " pod(s) of lower priority to be deleted on node " + choice.get().node() + ".", true, choice);
            }
        }
        return new CycleResult.Unschedulable(message, retrySoon);
    }

    private String best(PluginSet plugins, CycleState state, PodInfo pod, List<NodeInfo> feasible) {
        Set<Object> skipped = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Named<PreScorePlugin> p : plugins.preScores()) {
            Status s = p.plugin().preScore(state, pod, feasible);
            if (s.code() == Status.Code.SKIP) {
                skipped.add(p.plugin());
            } else if (!s.isSuccess()) {
                throw new IllegalStateException(p.name() + " PreScore: " + s.message());
            }
        }
        long[] total = new long[feasible.size()];
        for (Named<ScorePlugin> p : plugins.scores()) {
            if (skipped.contains(p.plugin()) || p.weight() == 0) {
                continue;
            }
            long[] scores = new long[feasible.size()];
            workers.forEach(feasible.size(), i -> {
                scores[i] = p.plugin().score(state, pod, feasible.get(i));
                return true;
            });
            p.plugin().normalize(state, pod, feasible, scores);
            for (int i = 0; i < total.length; i++) {
                total[i] += Math.max(0, Math.min(ScorePlugin.MAX_SCORE, scores[i])) * p.weight();
            }
        }
        int bestIndex = 0;
        int ties = 1;
        for (int i = 1; i < total.length; i++) {
            if (total[i] > total[bestIndex]) {
                bestIndex = i;
                ties = 1;
            } else if (total[i] == total[bestIndex] && ThreadLocalRandom.current().nextInt(++ties) == 0) {
                bestIndex = i;
            }
        }
        return feasible.get(bestIndex).name();
    }

    private CycleResult reserve(PluginSet plugins, CycleState state, PodInfo pod, String node, int evaluated,
            int feasible) {
        List<Named<ReservePlugin>> done = new ArrayList<>();
        for (Named<ReservePlugin> p : plugins.reserves()) {
            done.add(p);
            String failure;
            try {
                Status s = p.plugin().reserve(state, pod, node);
                failure = s.isSuccess() ? null : s.message();
            } catch (RuntimeException e) {
                failure = e.toString();
            }
            if (failure != null) {
                // the failing plugin too, as Kubernetes: it may have reserved part before failing
                unreserve(done, state, pod, node);
                return new CycleResult.Failed(p.name() + " Reserve: " + failure);
            }
        }
        return new CycleResult.Placed(node, state, evaluated, feasible);
    }

    /** Unreserve in reverse order; one plugin that throws does not keep the others from releasing theirs. */
    static void unreserve(List<Named<ReservePlugin>> reserves, CycleState state, PodInfo pod, String node) {
        for (int i = reserves.size() - 1; i >= 0; i--) {
            try {
                reserves.get(i).plugin().unreserve(state, pod, node);
            } catch (RuntimeException e) {
                LOG.warn("{} Unreserve of pod {} on {} failed", reserves.get(i).name(), pod.key(), node, e);
            }
        }
    }
}
