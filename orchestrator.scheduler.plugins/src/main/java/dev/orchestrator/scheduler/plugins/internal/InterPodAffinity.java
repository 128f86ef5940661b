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
import dev.orchestrator.support.scheduling.Scores;
import dev.orchestrator.support.selector.Selectors;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * Inter-pod affinity and anti-affinity. Filter (required terms): the pod's affinity terms need a
 * matching pod in the node's topology domain; its anti-affinity terms forbid one; and the required
 * anti-affinity of pods already placed keeps the pod out of their domains. Score (the pod's
 * preferred terms): each matching pod in the node's domain adds the term's weight (affinity) or
 * subtracts it (anti-affinity).
 */
// ranked to run in Kubernetes' filter order: cheap checks first, the first rejection is the reason shown
@Component(service = Plugin.class)
@ServiceRanking(10)
@SchedulerPlugin(name = "InterPodAffinity", weight = 2)
public final class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {

    static final String AFFINITY = "node(s) didn't match pod affinity rules";
    static final String ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
    static final String EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

    /** A topology domain: label key and value. */
    record Domain(String key, String value) {
    }

    /**
     * @param affinity     per affinity term, the domains that hold a matching pod
     * @param anyMatch     whether any pod anywhere matches the affinity terms
     * @param antiAffinity domains that hold a pod matching one of the pod's anti-affinity terms
     * @param forbidden    domains whose pods' anti-affinity rejects this pod
     */
    record Precomputed(List<PodAffinityTerm> affinityTerms, List<Set<Domain>> affinity, boolean anyMatch,
            List<PodAffinityTerm> antiTerms, Set<Domain> antiAffinity, Set<Domain> forbidden) {
    }

    private static final StateKey<Precomputed> STATE = new StateKey<>("InterPodAffinity", Precomputed.class);

    /** Per preferred term (affinity weight positive, anti-affinity negative): matching pods per domain. */
    record Preferences(List<WeightedPodAffinityTerm> terms, List<Integer> signs, List<Map<Domain, Integer>> counts) {
    }

    private static final StateKey<Preferences> PREFERENCES = new StateKey<>("InterPodAffinity.preferred",
            Preferences.class);

    @Override
    public Status preFilter(CycleState state, PodInfo pod) {
        var affinity = pod.pod().getSpec().getAffinity();
        List<PodAffinityTerm> affinityTerms = affinity == null || affinity.getPodAffinity() == null ? List.of()
                : affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        List<PodAffinityTerm> antiTerms = affinity == null || affinity.getPodAntiAffinity() == null ? List.of()
                : affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        List<NodeInfo> nodes = state.snapshot().nodes();
        Set<Domain> forbidden = new HashSet<>();
        for (NodeInfo node : state.snapshot().nodesWithAntiAffinityPods()) {
            for (PodInfo existing : node.antiAffinityPods()) {
                for (PodAffinityTerm t : existing.pod().getSpec().getAffinity().getPodAntiAffinity()
                        .getRequiredDuringSchedulingIgnoredDuringExecution()) {
                    String value = node.labels().get(t.getTopologyKey());
                    if (value != null && termMatches(t, existing, pod)) {
                        forbidden.add(new Domain(t.getTopologyKey(), value));
                    }
                }
            }
        }
        if (affinityTerms.isEmpty() && antiTerms.isEmpty() && forbidden.isEmpty()) {
            return Status.skip();
        }
        List<Set<Domain>> domains = new ArrayList<>();
        affinityTerms.forEach(t -> domains.add(new HashSet<>()));
        Set<Domain> anti = new HashSet<>();
        boolean anyMatch = false;
        for (NodeInfo node : nodes) {
            for (PodInfo other : node.pods()) {
                for (int i = 0; i < affinityTerms.size(); i++) {
                    PodAffinityTerm t = affinityTerms.get(i);
                    String value = node.labels().get(t.getTopologyKey());
                    if (termMatches(t, pod, other)) {
                        anyMatch = true;
                        if (value != null) {
                            domains.get(i).add(new Domain(t.getTopologyKey(), value));
                        }
                    }
                }
                for (PodAffinityTerm t : antiTerms) {
                    String value = node.labels().get(t.getTopologyKey());
                    if (value != null && termMatches(t, pod, other)) {
                        anti.add(new Domain(t.getTopologyKey(), value));
                    }
                }
            }
        }
        state.write(STATE, new Precomputed(affinityTerms, domains, anyMatch, antiTerms, anti, forbidden));
        return Status.success();
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        Precomputed p = state.read(STATE).orElse(null);
        if (p == null) {
            return Status.success();
        }
        for (Domain d : p.forbidden()) {
            if (d.value().equals(node.labels().get(d.key()))) {
                return Status.unschedulable(EXISTING_ANTI_AFFINITY);
            }
        }
        for (PodAffinityTerm t : p.antiTerms()) {
            String value = node.labels().get(t.getTopologyKey());
            if (value != null && p.antiAffinity().contains(new Domain(t.getTopologyKey(), value))) {
                return Status.unschedulable(ANTI_AFFINITY);
            }
        }
        if (!p.affinityTerms().isEmpty() && !affinitySatisfied(p, pod, node)) {
            return Status.unschedulable(AFFINITY);
        }
        return Status.success();
    }

    private static boolean affinitySatisfied(Precomputed p, PodInfo pod, NodeInfo node) {
        boolean all = true;
        for (int i = 0; i < p.affinityTerms().size(); i++) {
            PodAffinityTerm t = p.affinityTerms().get(i);
            String value = node.labels().get(t.getTopologyKey());
            if (value == null) {
                return false;
            }
            all &= p.affinity().get(i).contains(new Domain(t.getTopologyKey(), value));
        }
        if (all) {
            return true;
        }
        // the first pod of a group that is affine to itself may go anywhere
        return !p.anyMatch() && p.affinityTerms().stream().allMatch(t -> termMatches(t, pod, pod));
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes) {
        var affinity = pod.pod().getSpec().getAffinity();
        List<WeightedPodAffinityTerm> terms = new ArrayList<>();
        List<Integer> signs = new ArrayList<>();
        if (affinity != null && affinity.getPodAffinity() != null) {
            for (WeightedPodAffinityTerm t : affinity.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()) {
                terms.add(t);
                signs.add(1);
            }
        }
        if (affinity != null && affinity.getPodAntiAffinity() != null) {
            for (WeightedPodAffinityTerm t : affinity.getPodAntiAffinity()
                    .getPreferredDuringSchedulingIgnoredDuringExecution()) {
                terms.add(t);
                signs.add(-1);
            }
        }
        if (terms.isEmpty()) {
            return Status.skip();
        }
        List<Map<Domain, Integer>> counts = new ArrayList<>();
        for (WeightedPodAffinityTerm t : terms) {
            Map<Domain, Integer> perDomain = new HashMap<>();
            PodAffinityTerm term = t.getPodAffinityTerm();
            for (NodeInfo node : state.snapshot().nodes()) {
                String value = node.labels().get(term.getTopologyKey());
                if (value == null) {
                    continue;
                }
                for (PodInfo other : node.pods()) {
                    if (termMatches(term, pod, other)) {
                        perDomain.merge(new Domain(term.getTopologyKey(), value), 1, Integer::sum);
                    }
                }
            }
            counts.add(perDomain);
        }
        state.write(PREFERENCES, new Preferences(terms, signs, counts));
        return Status.success();
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        Preferences p = state.read(PREFERENCES).orElse(null);
        if (p == null) {
            return 0;
        }
        long score = 0;
        for (int i = 0; i < p.terms().size(); i++) {
            WeightedPodAffinityTerm t = p.terms().get(i);
            String key = t.getPodAffinityTerm().getTopologyKey();
            String value = node.labels().get(key);
            if (value != null) {
                int weight = t.getWeight() == null ? 0 : t.getWeight();
                score += (long) p.signs().get(i) * weight * p.counts().get(i).getOrDefault(new Domain(key, value), 0);
            }
        }
        return score;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        Scores.rescale(scores);
    }

    /** @return whether {@code other} is selected by a term of {@code owner} (namespaces default to the owner's) */
    static boolean termMatches(PodAffinityTerm term, PodInfo owner, PodInfo other) {
        List<String> namespaces = term.getNamespaces();
        boolean anyNamespace = term.getNamespaceSelector() != null
                && term.getNamespaceSelector().getMatchLabels().isEmpty()
                && term.getNamespaceSelector().getMatchExpressions().isEmpty();
        boolean inNamespace = anyNamespace || (namespaces.isEmpty() ? owner.namespace().equals(other.namespace())
                : namespaces.contains(other.namespace()));
        return inNamespace && other.pod().getMetadata().getDeletionTimestamp() == null
                && Selectors.matches(term.getLabelSelector(), other.labels());
    }
}
