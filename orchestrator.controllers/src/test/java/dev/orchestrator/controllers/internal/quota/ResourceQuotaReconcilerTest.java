package dev.orchestrator.controllers.internal.quota;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceQuotaReconcilerTest {

    @Test
    void aRecountIsBelowWhenAnyAmountIsLowerThanTheChargedOne() {
        Map<String, Quantity> charged = Map.of("pods", new Quantity("2"), "requests.cpu", new Quantity("500m"));
        assertTrue(ResourceQuotaReconciler.below(Map.of("pods", new Quantity("1")), charged));
        assertTrue(ResourceQuotaReconciler.below(
                Map.of("pods", new Quantity("2"), "requests.cpu", new Quantity("400m")), charged));
        assertFalse(ResourceQuotaReconciler.below(
                Map.of("pods", new Quantity("2"), "requests.cpu", new Quantity("0.5")), charged), "same amount, other unit");
        assertFalse(ResourceQuotaReconciler.below(Map.of("pods", new Quantity("3")), charged));
        assertFalse(ResourceQuotaReconciler.below(Map.of("services", new Quantity("0")), charged), "nothing charged for it");
        assertFalse(ResourceQuotaReconciler.below(Map.of("pods", new Quantity("0")), null), "no status yet");
    }
}
