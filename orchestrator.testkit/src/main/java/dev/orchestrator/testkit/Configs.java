package dev.orchestrator.testkit;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * An instance of a component configuration type (an annotation, as Declarative Services hands them over) with
 * every attribute at its default but the given ones: what the framework would pass with a configuration file
 * holding only those.
 */
final class Configs {

    private Configs() {
    }

    static <A> A of(Class<A> type, Map<String, Object> overrides) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String name = method.getName();
            if (overrides.containsKey(name)) {
                return overrides.get(name);
            }
            if (method.getDefaultValue() != null) {
                return method.getDefaultValue();
            }
            return switch (name) {
                case "annotationType" -> type;
                case "toString" -> type.getSimpleName() + overrides;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new IllegalStateException(type.getSimpleName() + "." + name + " has no default");
            };
        }));
    }
}
