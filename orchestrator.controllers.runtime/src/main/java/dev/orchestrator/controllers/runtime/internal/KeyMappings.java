package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.api.controller.Caches;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.api.controller.Watches.KeyMapping;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an object of a watched kind into the primary keys its event enqueues, by the mappings the
 * reconciler declared. Runs on informer event threads: cache reads only.
 */
final class KeyMappings<P extends HasMetadata> {

    private final Class<P> primary;
    private final String primaryKind;
    private final String primaryGroup;
    private final Caches caches;

    KeyMappings(Class<P> primary, Caches caches) {
        this.primary = primary;
        this.primaryKind = HasMetadata.getKind(primary);
        this.primaryGroup = HasMetadata.getGroup(primary);
        this.caches = caches;
    }

    /** The primary named by the object's controller owner reference, if it is of the primary kind. */
    Optional<Request> controllerOwner(HasMetadata object) {
        OwnerReference ref = controllerRef(object);
        if (ref == null || !primaryKind.equals(ref.getKind()) || !primaryGroup.equals(group(ref.getApiVersion()))) {
            return Optional.empty();
        }
        return Optional.of(new Request(object.getMetadata().getNamespace(), ref.getName()));
    }

    @SuppressWarnings("unchecked")
    <S extends HasMetadata> Set<Request> keys(Watches.Watch<S, P> watch, HasMetadata object) {
        Set<Request> keys = new LinkedHashSet<>();
        for (KeyMapping<S, P> mapping : watch.mappings()) {
            if (mapping instanceof KeyMapping.ControllerOwner<S, P>) {
                controllerOwner(object).ifPresent(keys::add);
            } else if (mapping instanceof KeyMapping.OrphanBySelector<S, P> orphans) {
                if (controllerRef(object) == null) {
                    for (P candidate : caches.lister(primary).list(object.getMetadata().getNamespace())) {
                        if (CacheLister.matches(orphans.selectorOf().apply(candidate), object)) {
                            keys.add(Request.of(candidate));
                        }
                    }
                }
            } else if (mapping instanceof KeyMapping.Custom<S, P> custom) {
                keys.addAll(custom.mapper().map((S) object, caches));
            }
        }
        return keys;
    }

    /** {@code namespace/name}, or {@code name} for cluster-scoped objects: the key expectations use. */
    static String objectKey(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return namespace == null || namespace.isEmpty() ? object.getMetadata().getName()
                : namespace + "/" + object.getMetadata().getName();
    }

    static OwnerReference controllerRef(HasMetadata object) {
        for (OwnerReference ref : object.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(ref.getController())) {
                return ref;
            }
        }
        return null;
    }

    private static String group(String apiVersion) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
