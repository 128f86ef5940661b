package dev.orchestrator.kubelet.internal;

import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Optional;

/**
 * The Services a kubelet turns into a container's environment: one cache of every Service, shared by all
 * kubelets of the process ({@link ServiceInformer}).
 */
interface ClusterServices {

    /** No Services at all (tests that do not need them). */
    ClusterServices NONE = namespace -> Optional.of(List.of());

    /**
     * The Services of {@code namespace} and of the {@code default} namespace, or empty while they have not been
     * read once yet (a container started then would miss variables it gets on a later start).
     */
    Optional<List<Service>> visibleFrom(String namespace);
}
