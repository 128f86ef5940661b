package dev.orchestrator.controllers.internal.namespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceConditionsTest {

    private static NamespaceCondition of(List<NamespaceCondition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    @Test
    void remainingContentAndFinalizersAreNamedAsKubernetesNamesThem() {
        NamespaceContent left = new NamespaceContent(Map.of("pods.", 2, "replicasets.apps", 1),
                Map.of("example.com/hold", 1), List.of(), List.of());
        List<NamespaceCondition> conditions = NamespaceConditions.of(left, List.of(), Instant.parse("2026-12-03T10:00:00.5Z"));
        NamespaceCondition content = of(conditions, "NamespaceContentRemaining");
        assertEquals("True", content.getStatus());
        assertEquals("SomeResourcesRemain", content.getReason());
        assertEquals("Some resources are remaining: pods. has 2 resource instances, replicasets.apps has 1 resource "
                + "instances", content.getMessage());
        assertEquals("2026-12-03T10:00:00Z", content.getLastTransitionTime());
        NamespaceCondition finalizers = of(conditions, "NamespaceFinalizersRemaining");
        assertEquals("Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances",
                finalizers.getMessage());
        assertEquals("False", of(conditions, "NamespaceDeletionContentFailure").getStatus());
        assertEquals("ResourcesDiscovered", of(conditions, "NamespaceDeletionDiscoveryFailure").getReason());
        assertFalse(left.empty());
    }

    @Test
    void failuresKeepTheNamespaceAndTransitionTimesSurviveUnchangedStatuses() {
        NamespaceContent failing = new NamespaceContent(Map.of(), Map.of(), List.of("metrics.k8s.io/v1beta1: down"),
                List.of("jobs.batch: forbidden"));
        assertFalse(failing.empty());
        List<NamespaceCondition> first = NamespaceConditions.of(failing, List.of(), Instant.parse("2026-12-03T10:00:00Z"));
        assertEquals("Failed to delete all resource types, 1 remaining: jobs.batch: forbidden",
                of(first, "NamespaceDeletionContentFailure").getMessage());
        List<NamespaceCondition> again = NamespaceConditions.of(failing, first, Instant.parse("2026-12-03T10:05:00Z"));
        assertEquals("2026-12-03T10:00:00Z", of(again, "NamespaceDeletionContentFailure").getLastTransitionTime());
        assertTrue(NamespaceConditions.same(first, again));
        NamespaceContent clean = new NamespaceContent(Map.of(), Map.of(), List.of(), List.of());
        assertTrue(clean.empty());
        List<NamespaceCondition> cleared = NamespaceConditions.of(clean, again, Instant.parse("2026-12-03T10:06:00Z"));
        assertFalse(NamespaceConditions.same(again, cleared));
        assertEquals("2026-12-03T10:06:00Z", of(cleared, "NamespaceDeletionContentFailure").getLastTransitionTime());
        assertEquals("All content successfully removed", of(cleared, "NamespaceContentRemaining").getMessage());
    }
}
