package dev.orchestrator.controllers.internal.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which ClusterRoles an aggregationRule gathers, and the rules it ends with. */
class AggregatedRulesTest {

    private static final String TO_VIEW = "rbac.authorization.k8s.io/aggregate-to-view";

    private static ClusterRole aggregated(String name, String label) {
        return new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewAggregationRule().withClusterRoleSelectors(new LabelSelectorBuilder()
                        .withMatchLabels(Map.of(label, "true")).build()).endAggregationRule().build();
    }

    private static ClusterRole labeled(String name, Map<String, String> labels, PolicyRule... rules) {
        return new ClusterRoleBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withRules(rules).build();
    }

    private static PolicyRule read(String resource) {
        return new PolicyRuleBuilder().withApiGroups("").withResources(resource).withVerbs("get", "list").build();
    }

    @Test
    void gathersTheRulesOfMatchingRolesByNameOnce() {
        ClusterRole view = aggregated("view", TO_VIEW);
        ClusterRole b = labeled("b-extra", Map.of(TO_VIEW, "true"), read("pods"), read("widgets"));
        ClusterRole a = labeled("a-extra", Map.of(TO_VIEW, "true"), read("pods"));
        ClusterRole other = labeled("other", Map.of(TO_VIEW, "false"), read("secrets"));
        assertEquals(List.of(read("pods"), read("widgets")), AggregatedRules.of(view, List.of(view, b, a, other)));
    }

    @Test
    void aRoleNeverSelectsItselfAndPlainRolesSelectNothing() {
        ClusterRole self = aggregated("loop", TO_VIEW);
        self.getMetadata().setLabels(Map.of(TO_VIEW, "true"));
        assertFalse(AggregatedRules.selects(self, self));
        ClusterRole plain = labeled("plain", Map.of());
        assertFalse(AggregatedRules.aggregates(plain));
        assertFalse(AggregatedRules.selects(plain, labeled("x", Map.of(TO_VIEW, "true"))));
        assertTrue(AggregatedRules.selects(aggregated("view", TO_VIEW), labeled("x", Map.of(TO_VIEW, "true"))));
    }
}
