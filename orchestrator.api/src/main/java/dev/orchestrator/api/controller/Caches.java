package dev.orchestrator.api.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.osgi.annotation.versioning.ProviderType;

/** Read access to the shared informer caches of the kinds a controller declared in its {@link Watches}. */
@ProviderType
public interface Caches {

    /**
     * @return the lister of a declared kind
     * @throws IllegalArgumentException when {@code kind} is not the primary kind nor a watched kind
     */
    <K extends HasMetadata> Lister<K> lister(Class<K> kind);
}
