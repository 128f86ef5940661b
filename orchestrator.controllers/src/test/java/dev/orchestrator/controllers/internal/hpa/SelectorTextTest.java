package dev.orchestrator.controllers.internal.hpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.support.selector.Selectors;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorTextTest {

    @Test
    void equalityAndSetBasedRequirements() {
        LabelSelector s = SelectorText.parse("app=web,tier in (a, b),!canary,track!=beta");
        assertEquals(Map.of("app", "web"), s.getMatchLabels());
        assertTrue(Selectors.matches(s, Map.of("app", "web", "tier", "a")));
        assertFalse(Selectors.matches(s, Map.of("app", "web", "tier", "c")));
        assertFalse(Selectors.matches(s, Map.of("app", "web", "tier", "a", "canary", "")));
        assertFalse(Selectors.matches(s, Map.of("app", "web", "tier", "b", "track", "beta")));
    }
}
