package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.scheduler.BindPlugin;
import dev.orchestrator.api.scheduler.FilterPlugin;
import dev.orchestrator.api.scheduler.PermitPlugin;
import dev.orchestrator.api.scheduler.PostFilterPlugin;
import dev.orchestrator.api.scheduler.PreBindPlugin;
import dev.orchestrator.api.scheduler.PreFilterPlugin;
import dev.orchestrator.api.scheduler.PreScorePlugin;
import dev.orchestrator.api.scheduler.ReservePlugin;
import dev.orchestrator.api.scheduler.ScorePlugin;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The plugins one profile uses, per extension point, fixed for the cycles that start while it is
 * current: a plugin service appearing or leaving builds a new set for the next cycle.
 *
 * @param strategy the strategy in use, empty when none is present
 * @param ready    whether pods may be scheduled (the strategy and the required plugins are present)
 * @param missing  required plugins that are not present
 */
record PluginSet(String strategy, boolean ready, List<String> missing, List<Named<PreFilterPlugin>> preFilters,
        List<Named<FilterPlugin>> filters, List<Named<PostFilterPlugin>> postFilters,
        List<Named<PreScorePlugin>> preScores, List<Named<ScorePlugin>> scores, List<Named<ReservePlugin>> reserves,
        List<Named<PermitPlugin>> permits, List<Named<PreBindPlugin>> preBinds, List<Named<BindPlugin>> binds) {

    /** "none": a profile that needs no strategy (filters only; the first feasible node wins). */
    static final String NO_STRATEGY = "none";

    /** A plugin with its name and score weight. */
    record Named<T>(String name, T plugin, int weight) {
    }

    static PluginSet of(Collection<RegisteredPlugin> registered, String wantedStrategy, Set<String> required,
            Set<String> disabled, Map<String, Integer> weights) {
        List<RegisteredPlugin> usable = registered.stream().filter(p -> !disabled.contains(p.name()))
                .sorted(Comparator.comparingInt(RegisteredPlugin::ranking).reversed()
                        .thenComparingLong(RegisteredPlugin::serviceId))
                .toList();
        String strategy = chooseStrategy(usable, wantedStrategy).orElse("");
        Set<String> present = usable.stream().map(RegisteredPlugin::name).collect(Collectors.toSet());
        List<String> missing = required.stream().filter(r -> !disabled.contains(r) && !present.contains(r)).sorted()
                .toList();
        boolean ready = (NO_STRATEGY.equals(wantedStrategy) || !strategy.isEmpty()) && missing.isEmpty();
        List<RegisteredPlugin> used = usable.stream()
                .filter(p -> p.strategy().isEmpty() || p.strategy().equals(strategy)).toList();
        return new PluginSet(strategy, ready, missing, select(used, PreFilterPlugin.class, weights),
                select(used, FilterPlugin.class, weights), select(used, PostFilterPlugin.class, weights),
                select(used, PreScorePlugin.class, weights), select(used, ScorePlugin.class, weights),
                select(used, ReservePlugin.class, weights), select(used, PermitPlugin.class, weights),
                select(used, PreBindPlugin.class, weights), select(used, BindPlugin.class, weights));
    }

    /**
     * The named strategy when present; otherwise that of the plugin with the highest strategy rank (ties: the
     * plugin registered first). Plugin order ({@code service.ranking}) plays no part.
     */
    private static Optional<String> chooseStrategy(List<RegisteredPlugin> plugins, String wanted) {
        if (!wanted.isEmpty() && !NO_STRATEGY.equals(wanted)) {
            return plugins.stream().map(RegisteredPlugin::strategy).filter(wanted::equals).findFirst();
        }
        return plugins.stream().filter(p -> !p.strategy().isEmpty())
                .sorted(Comparator.comparingInt(RegisteredPlugin::strategyRank).reversed()
                        .thenComparingLong(RegisteredPlugin::serviceId))
                .map(RegisteredPlugin::strategy).findFirst();
    }

    private static <T> List<Named<T>> select(List<RegisteredPlugin> plugins, Class<T> point,
            Map<String, Integer> weights) {
        return plugins.stream().filter(p -> point.isInstance(p.plugin()))
                .map(p -> new Named<>(p.name(), point.cast(p.plugin()), weights.getOrDefault(p.name(), p.weight())))
                .toList();
    }

    /** @return the "Name=weight" entries of a configuration as a map; malformed entries are an error */
    static Map<String, Integer> weights(String[] entries) {
        Map<String, Integer> weights = new HashMap<>();
        for (String entry : entries) {
            String[] parts = entry.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException("pluginWeights entry '" + entry + "' is not Name=weight");
            }
            int weight;
            try {
                weight = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("pluginWeights entry '" + entry + "' has no integer weight", e);
            }
            if (weight < 0) {
                throw new IllegalArgumentException("pluginWeights entry '" + entry + "' has a negative weight");
            }
            weights.put(parts[0].trim(), weight);
        }
        return weights;
    }

    @Override
    public String toString() {
        return "strategy=" + (strategy.isEmpty() ? "<none>" : strategy) + (missing.isEmpty() ? "" : " missing=" + missing)
                + " filters="
                + Arrays.toString(filters.stream().map(Named::name).toArray()) + " scores="
                + Arrays.toString(scores.stream().map(n -> n.name() + "x" + n.weight()).toArray());
    }
}
