package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.scheduler.Plugin;
import dev.orchestrator.api.scheduler.SchedulerPlugin;
import java.util.Map;
import org.osgi.framework.Constants;

/** A plugin service with the properties it was registered with. */
record RegisteredPlugin(Plugin plugin, String name, int weight, String strategy, int strategyRank, int ranking,
        long serviceId) {

    static RegisteredPlugin of(Plugin plugin, Map<String, Object> properties) {
        Object name = properties.get(SchedulerPlugin.NAME);
        return new RegisteredPlugin(plugin, name == null ? plugin.getClass().getSimpleName() : name.toString(),
                number(properties.get(SchedulerPlugin.WEIGHT), 1),
                properties.getOrDefault(SchedulerPlugin.STRATEGY, "").toString(),
                number(properties.get(SchedulerPlugin.STRATEGY_RANK), 0),
                number(properties.get(Constants.SERVICE_RANKING), 0),
                ((Number) properties.getOrDefault("service.id", 0L)).longValue());
    }

    private static int number(Object value, int otherwise) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String s && !s.isBlank()) {
            return Integer.parseInt(s.trim());
        }
        return otherwise;
    }
}
