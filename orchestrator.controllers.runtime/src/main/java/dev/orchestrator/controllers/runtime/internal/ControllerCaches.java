package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.api.controller.Caches;
import dev.orchestrator.api.controller.Lister;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The listers of the kinds one controller declared, and only those. */
final class ControllerCaches implements Caches {

    private final Map<Class<?>, Lister<?>> listers = new ConcurrentHashMap<>();

    <K extends HasMetadata> void add(Class<K> kind, Lister<K> lister) {
        listers.put(kind, lister);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K extends HasMetadata> Lister<K> lister(Class<K> kind) {
        Lister<?> lister = listers.get(kind);
        if (lister == null) {
            throw new IllegalArgumentException(kind.getSimpleName() + " is not declared in the controller's watches");
        }
        return (Lister<K>) lister;
    }
}
