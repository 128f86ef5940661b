package dev.orchestrator.apiserver.internal.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Escalation prevention's coverage check: wanted rules broken down, each piece held or reported. */
class RuleCoverageTest {

    private static final List<String> READ = List.of("get", "list", "watch");

    @Test
    void heldRulesCoverTheSameAndLess() {
        List<PolicyRule> held = List.of(PolicyRule.resources(List.of(""), List.of("pods", "services"), READ));
        assertTrue(RuleCoverage.uncovered(held, List.of(PolicyRule.resources(List.of(""), List.of("pods"),
                List.of("get")))).isEmpty());
        assertTrue(RuleCoverage.uncovered(held, List.of(PolicyRule.resources(List.of(""), List.of("pods"),
                List.of("get")).named("web"))).isEmpty(), "a named right is part of the right on every name");
    }

    @Test
    void missingPiecesAreReportedCompactedAsKubernetesWordsThem() {
        List<PolicyRule> held = List.of(PolicyRule.resources(List.of(""), List.of("pods"), READ));
        List<PolicyRule> missing = RuleCoverage.uncovered(held, List.of(PolicyRule.resources(List.of(""),
                List.of("pods", "secrets"), List.of("get", "list", "create"))));
        assertEquals("{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"create\"]}\n"
                + "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\" \"create\"]}",
                RuleCoverage.describe(missing));
    }

    @Test
    void aWildcardWantedIsARightOfItsOwn() {
        List<PolicyRule> held = List.of(PolicyRule.resources(List.of(""), List.of("pods", "secrets"),
                List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection")));
        assertEquals(1, RuleCoverage.uncovered(held, List.of(PolicyRule.resources(List.of(""), List.of("*"),
                List.of("get")))).size(), "holding every listed resource is not holding *");
        assertEquals(1, RuleCoverage.uncovered(held, List.of(PolicyRule.resources(List.of(""), List.of("pods"),
                List.of("*")))).size());
    }

    @Test
    void subresourcesAreCoveredByThemselvesOrByStarSlash() {
        List<PolicyRule> held = List.of(PolicyRule.resources(List.of("apps"), List.of("*/scale"), List.of("get")));
        assertTrue(RuleCoverage.uncovered(held, List.of(PolicyRule.resources(List.of("apps"),
                List.of("deployments/scale"), List.of("get")))).isEmpty());
        assertEquals(1, RuleCoverage.uncovered(held, List.of(PolicyRule.resources(List.of("apps"),
                List.of("deployments"), List.of("get")))).size());
    }

    @Test
    void namedHeldRightsCoverOnlyThoseNames() {
        List<PolicyRule> held = List.of(PolicyRule.resources(List.of(""), List.of("configmaps"), List.of("get"))
                .named("a"));
        assertTrue(RuleCoverage.uncovered(held, List.of(PolicyRule.resources(List.of(""), List.of("configmaps"),
                List.of("get")).named("a"))).isEmpty());
        assertEquals(1, RuleCoverage.uncovered(held, List.of(PolicyRule.resources(List.of(""), List.of("configmaps"),
                List.of("get")))).size());
    }

    @Test
    void nonResourceUrlsByPrefix() {
        List<PolicyRule> held = List.of(PolicyRule.urls(List.of("/apis/*"), List.of("get")));
        assertTrue(RuleCoverage.uncovered(held, List.of(PolicyRule.urls(List.of("/apis/apps"), List.of("get"))))
                .isEmpty());
        assertEquals("{NonResourceURLs:[\"/healthz\"], Verbs:[\"get\"]}", RuleCoverage.describe(RuleCoverage
                .uncovered(held, List.of(PolicyRule.urls(List.of("/healthz"), List.of("get"))))));
    }

    @Test
    void fullAuthorityCoversEverything() {
        assertTrue(RuleCoverage.uncovered(RuleCoverage.FULL_AUTHORITY, List.of(
                PolicyRule.resources(List.of("*"), List.of("*"), List.of("*")),
                PolicyRule.urls(List.of("*"), List.of("*")))).isEmpty());
    }
}
