package dev.orchestrator.api.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads one kind from the process' shared informer cache: no API call, so reconcilers may read as
 * often as they like. The cache lags the API by the watch's latency; the objects are shared with
 * every other reader and <strong>must not be modified</strong> (copy before changing one).
 * Thread-safe.
 */
@ProviderType
public interface Lister<T extends HasMetadata> {

    /** The object, if the cache holds it; {@code namespace} is {@code ""} for cluster-scoped kinds. */
    Optional<T> get(String namespace, String name);

    /** Every object of a namespace ({@code ""}: of all namespaces, or of a cluster-scoped kind). */
    List<T> list(String namespace);

    /**
     * The objects of a namespace whose labels match {@code selector}, by Kubernetes' rules (an empty
     * selector matches everything).
     */
    List<T> list(String namespace, LabelSelector selector);

    /**
     * The objects of a namespace whose controller (the ownerReference with {@code controller: true}) has the uid
     * {@code controllerUid}; with {@code ""}, those without a controller (what an owner may adopt). From an index:
     * the cost grows with the answer, not with the namespace, so a ReplicaSet among 10,000 pods reads its own.
     *
     * @since 1.2
     */
    List<T> controlledBy(String namespace, String controllerUid);
}
