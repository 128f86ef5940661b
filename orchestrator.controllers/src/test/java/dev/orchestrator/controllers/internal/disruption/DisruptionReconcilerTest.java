package dev.orchestrator.controllers.internal.disruption;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.api.controller.Caches;
import dev.orchestrator.api.controller.Lister;
import dev.orchestrator.api.controller.Request;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which budgets an event of a pod (or of a pod template) enqueues. */
class DisruptionReconcilerTest {

    private static PodDisruptionBudget budget(String name, LabelSelector selector) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withSelector(selector).endSpec().build();
    }

    private static Caches caches(List<PodDisruptionBudget> budgets) {
        return new Caches() {
            @Override
            @SuppressWarnings("unchecked")
            public <K extends HasMetadata> Lister<K> lister(Class<K> kind) {
                return (Lister<K>) new Lister<PodDisruptionBudget>() {
                    @Override
                    public Optional<PodDisruptionBudget> get(String namespace, String name) {
                        return budgets.stream().filter(b -> b.getMetadata().getName().equals(name)).findFirst();
                    }

                    @Override
                    public List<PodDisruptionBudget> list(String namespace) {
                        return budgets;
                    }

                    @Override
                    public List<PodDisruptionBudget> list(String namespace, LabelSelector selector) {
                        return budgets;
                    }

                    @Override
                    public List<PodDisruptionBudget> controlledBy(String namespace, String controllerUid) {
                        throw new UnsupportedOperationException("budgets have no controller");
                    }
                };
            }
        };
    }

    @Test
    void aPodEnqueuesEveryBudgetWhoseSelectorMatchesIt() {
        Caches caches = caches(List.of(
                budget("web", new LabelSelectorBuilder().addToMatchLabels("app", "web").build()),
                budget("db", new LabelSelectorBuilder().addToMatchLabels("app", "db").build()),
                budget("all", new LabelSelector()),
                budget("none", null)));
        assertEquals(Set.of(new Request("default", "web"), new Request("default", "all")),
                DisruptionReconciler.selecting(caches, "default", Map.of("app", "web")));
        assertEquals(Set.of(new Request("default", "all")), DisruptionReconciler.selecting(caches, "default", null));
    }
}
