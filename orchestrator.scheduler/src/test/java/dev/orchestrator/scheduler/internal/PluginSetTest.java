package dev.orchestrator.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.FilterPlugin;
import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.ScorePlugin;
import dev.orchestrator.api.scheduler.Status;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PluginSetTest {

    static final class Score implements ScorePlugin {
        @Override
        public long score(CycleState state, PodInfo pod, NodeInfo node) {
            return 0;
        }
    }

    static final class Filter implements FilterPlugin {
        @Override
        public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
            return Status.success();
        }
    }

    private final RegisteredPlugin fit = new RegisteredPlugin(new Filter(), "Fit", 1, "", 0, 30, 1);
    private final RegisteredPlugin most = new RegisteredPlugin(new Score(), "MostAllocated", 1, "binpack", 100, 0, 2);
    private final RegisteredPlugin least = new RegisteredPlugin(new Score(), "LeastAllocated", 1, "spread", 50, 0, 3);

    @Test
    void strategiesAreExclusiveAndTheHighestRankedWinsUnlessOneIsNamed() {
        PluginSet any = PluginSet.of(List.of(fit, most, least), "", Set.of("Fit"), Set.of(), Map.of());
        assertTrue(any.ready());
        assertEquals("binpack", any.strategy());
        assertEquals(List.of("MostAllocated"), any.scores().stream().map(PluginSet.Named::name).toList());
        PluginSet named = PluginSet.of(List.of(fit, most, least), "spread", Set.of("Fit"), Set.of(), Map.of());
        assertEquals(List.of("LeastAllocated"), named.scores().stream().map(PluginSet.Named::name).toList());
    }

    @Test
    void theStrategyRankChoosesTheStrategyAndServiceRankingOnlyOrdersPlugins() {
        // a spread plugin placed first among plugins does not make spread the strategy
        RegisteredPlugin earlySpread = new RegisteredPlugin(new Score(), "ReplicaSpread", 1, "spread", 50, 1000, 4);
        PluginSet any = PluginSet.of(List.of(fit, most, least, earlySpread), "", Set.of(), Set.of(), Map.of());
        assertEquals("binpack", any.strategy());
        // and a strategy whose rank is raised wins, whatever its plugins' order
        RegisteredPlugin raised = new RegisteredPlugin(new Score(), "LeastAllocated", 1, "spread", 200, -5, 3);
        assertEquals("spread", PluginSet.of(List.of(fit, most, raised), "", Set.of(), Set.of(), Map.of()).strategy());
        // plugin order within an extension point follows service.ranking
        RegisteredPlugin first = new RegisteredPlugin(new Filter(), "First", 1, "", 0, 90, 9);
        assertEquals(List.of("First", "Fit"), PluginSet.of(List.of(fit, first, most), "", Set.of(), Set.of(), Map.of())
                .filters().stream().map(PluginSet.Named::name).toList());
    }

    @Test
    void queueIsHeldWithoutTheStrategyOrARequiredPlugin() {
        assertFalse(PluginSet.of(List.of(fit), "", Set.of("Fit"), Set.of(), Map.of()).ready());
        assertFalse(PluginSet.of(List.of(fit, most), "spread", Set.of("Fit"), Set.of(), Map.of()).ready());
        PluginSet noFit = PluginSet.of(List.of(most), "", Set.of("Fit"), Set.of(), Map.of());
        assertFalse(noFit.ready());
        assertEquals(List.of("Fit"), noFit.missing());
        assertTrue(PluginSet.of(List.of(fit), "none", Set.of("Fit"), Set.of(), Map.of()).ready());
        assertTrue(PluginSet.of(List.of(most), "", Set.of("Fit"), Set.of("Fit"), Map.of()).ready(),
                "a disabled plugin is not required");
    }

    @Test
    void weightsFromConfigurationOverrideAndBadEntriesAreRejected() {
        Map<String, Integer> weights = PluginSet.weights(new String[] {"MostAllocated=5"});
        PluginSet set = PluginSet.of(List.of(fit, most), "", Set.of(), Set.of(), weights);
        assertEquals(5, set.scores().get(0).weight());
        assertThrows(IllegalArgumentException.class, () -> PluginSet.weights(new String[] {"MostAllocated"}));
        assertThrows(IllegalArgumentException.class, () -> PluginSet.weights(new String[] {"X=-1"}));
        assertThrows(IllegalArgumentException.class, () -> PluginSet.weights(new String[] {"X=abc"}));
    }
}
