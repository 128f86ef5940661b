package dev.orchestrator.api.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A reconciler's own mapping from an event of a watched object to primary keys
 * ({@link Watches#watches(Class, KeyMapper)}). Called on the informer's event thread: it must be
 * quick, must not block and must not call the API; it may read the caches.
 */
@ConsumerType
@FunctionalInterface
public interface KeyMapper<S extends HasMetadata> {

    /**
     * @param object the watched object (on an update called for the old and for the new version)
     * @param caches the informer caches of the controller's declared kinds
     * @return the keys to enqueue, possibly none
     */
    Set<Request> map(S object, Caches caches);
}
