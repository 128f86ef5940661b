package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.api.controller.Lister;
import dev.orchestrator.client.SharedInformers;
import dev.orchestrator.support.selector.Selectors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link Lister} over a shared informer's indexer (fabric8 keeps a namespace index by default). */
final class CacheLister<T extends HasMetadata> implements Lister<T> {

    private final Indexer<T> indexer;

    CacheLister(Indexer<T> indexer) {
        this.indexer = indexer;
    }

    @Override
    public Optional<T> get(String namespace, String name) {
        String key = namespace == null || namespace.isEmpty() ? name : Cache.namespaceKeyFunc(namespace, name);
        return Optional.ofNullable(indexer.getByKey(key));
    }

    @Override
    public List<T> list(String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            return List.copyOf(indexer.list());
        }
        return List.copyOf(indexer.byIndex(Cache.NAMESPACE_INDEX, namespace));
    }

    @Override
    public List<T> list(String namespace, LabelSelector selector) {
        return list(namespace).stream().filter(o -> matches(selector, o)).toList();
    }

    @Override
    public List<T> controlledBy(String namespace, String controllerUid) {
        return List.copyOf(indexer.byIndex(SharedInformers.CONTROLLER_INDEX,
                (namespace == null ? "" : namespace) + "/" + controllerUid));
    }

    static boolean matches(LabelSelector selector, HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return Selectors.matches(selector, labels == null ? Map.of() : labels);
    }
}
