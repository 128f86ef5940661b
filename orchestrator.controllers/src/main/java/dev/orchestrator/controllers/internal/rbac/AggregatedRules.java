package dev.orchestrator.controllers.internal.rbac;

import dev.orchestrator.support.selector.Selectors;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The rules an aggregated ClusterRole should have: those of every other ClusterRole that one of its
 * {@code clusterRoleSelectors} matches, in the order of the roles' names, each rule once, as Kubernetes'
 * aggregation controller gathers them. Roles that aggregate themselves contribute their gathered rules, so
 * {@code view} labeled into {@code edit} brings what it gathered.
 */
final class AggregatedRules {

    private AggregatedRules() {
    }

    static boolean aggregates(ClusterRole role) {
        return role.getAggregationRule() != null && role.getAggregationRule().getClusterRoleSelectors() != null
                && !role.getAggregationRule().getClusterRoleSelectors().isEmpty();
    }

    /** Whether {@code candidate}'s labels match one of {@code role}'s selectors. */
    static boolean selects(ClusterRole role, ClusterRole candidate) {
        if (!aggregates(role) || candidate.getMetadata().getName().equals(role.getMetadata().getName())) {
            return false;
        }
        Map<String, String> labels = candidate.getMetadata().getLabels() == null ? Map.of()
                : candidate.getMetadata().getLabels();
        for (LabelSelector selector : role.getAggregationRule().getClusterRoleSelectors()) {
            if (Selectors.matches(selector, labels)) {
                return true;
            }
        }
        return false;
    }

    static List<PolicyRule> of(ClusterRole role, List<ClusterRole> all) {
        List<PolicyRule> rules = new ArrayList<>();
        all.stream().filter(c -> selects(role, c))
                .sorted(Comparator.comparing(c -> c.getMetadata().getName()))
                .forEach(c -> {
                    if (c.getRules() != null) {
                        c.getRules().stream().filter(r -> !rules.contains(r)).forEach(rules::add);
                    }
                });
        return rules;
    }
}
