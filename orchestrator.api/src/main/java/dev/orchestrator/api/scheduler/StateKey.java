package dev.orchestrator.api.scheduler;

/**
 * A typed key of {@link CycleState}.
 *
 * @param name unique within the cycle; use the plugin name as a prefix
 * @param type the value's type
 */
public record StateKey<T>(String name, Class<T> type) {
}
