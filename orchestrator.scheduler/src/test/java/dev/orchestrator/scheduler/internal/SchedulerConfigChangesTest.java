package dev.orchestrator.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerConfigChangesTest {

    /** The configuration with its defaults, but for {@code overrides} (attribute name → value). */
    private static SchedulerConfig config(Map<String, Object> overrides) {
        return (SchedulerConfig) Proxy.newProxyInstance(SchedulerConfig.class.getClassLoader(),
                new Class<?>[] {SchedulerConfig.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() != SchedulerConfig.class) {
                        return method.getName().equals("annotationType") ? SchedulerConfig.class : null;
                    }
                    return overrides.containsKey(method.getName()) ? overrides.get(method.getName())
                            : method.getDefaultValue();
                });
    }

    @Test
    void changesOfPluginChoiceAndWeightsAloneRebuildThePlugins() {
        assertTrue(SchedulerComponent.onlyPluginsDiffer(config(Map.of()), config(Map.of("strategy", "binpack",
                "disabledPlugins", new String[] {"ImageLocality"}, "pluginWeights", new String[] {"NodeAffinity=3"}))));
        assertTrue(SchedulerComponent.onlyPluginsDiffer(config(Map.of()), config(Map.of())));
    }

    @Test
    void everyOtherAttributeRestartsTheScheduler() {
        for (Method attribute : SchedulerConfig.class.getDeclaredMethods()) {
            if (SchedulerComponent.PLUGIN_ATTRIBUTES.contains(attribute.getName())) {
                continue;
            }
            Object changed = changed(attribute.getDefaultValue());
            assertFalse(SchedulerComponent.onlyPluginsDiffer(config(Map.of()),
                    config(Map.of(attribute.getName(), changed))), attribute.getName() + " changed is not plugins only");
        }
    }

    private static Object changed(Object value) {
        if (value instanceof String s) {
            return s + "-other";
        }
        if (value instanceof String[] a) {
            return new String[a.length + 1];
        }
        if (value instanceof Integer i) {
            return i + 1;
        }
        if (value instanceof Long l) {
            return l + 1;
        }
        if (value instanceof Boolean b) {
            return !b;
        }
        throw new IllegalStateException("a new attribute type: " + value.getClass());
    }
}
