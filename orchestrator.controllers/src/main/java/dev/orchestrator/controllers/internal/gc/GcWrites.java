package dev.orchestrator.controllers.internal.gc;

import dev.orchestrator.controllers.internal.PinnedMetadataPatch;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The collector's calls to the API: reading an owner (to confirm that it is gone), deleting a
 * dependent with a uid precondition (so an object made again under the same name is never hit),
 * and merge patches of owner references and finalizers that carry the object's resourceVersion (so
 * a concurrent change fails with 409 and is retried, never overwritten).
 */
final class GcWrites {

    private final KubernetesClient client;

    GcWrites(KubernetesClient client) {
        this.client = client;
    }

    /** The object as the API has it now, if it exists. */
    <T extends HasMetadata> Optional<T> get(GcKind<T> kind, String namespace, String name) {
        return Optional.ofNullable(resource(kind, namespace, name).get());
    }

    /**
     * An owner of a kind the collector does not follow (a custom resource), read through discovery: the object
     * when it exists, empty when the API answers 404 for it, and {@code null} when its kind cannot be resolved
     * (not served, or not now): then nobody can tell whether it exists.
     */
    Optional<HasMetadata> getUnfollowed(String apiVersion, String kind, String namespace, String name) {
        try {
            var resources = client.genericKubernetesResources(apiVersion, kind);
            var resource = namespace == null || namespace.isEmpty() ? resources.withName(name)
                    : resources.inNamespace(namespace).withName(name);
            return Optional.ofNullable(resource.get());
        } catch (KubernetesClientException e) {
            return null;
        }
    }

    /**
     * Deletes the object if it still has this uid.
     *
     * @return false when it was gone or replaced already
     */
    boolean delete(GcKind<?> kind, HasMetadata object, boolean foreground) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("kind", "DeleteOptions");
        options.put("apiVersion", "v1");
        options.put("propagationPolicy", foreground ? "Foreground" : "Background");
        options.put("preconditions", Map.of("uid", object.getMetadata().getUid()));
        try {
            client.raw(kind.path(object.getMetadata().getNamespace(), object.getMetadata().getName()), "DELETE", options);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 409) {
                return false; // gone, or a new object of that name (the precondition failed)
            }
            throw e;
        }
    }

    /** Removes the owner references to these uids; 409 when the object changed meanwhile. */
    <T extends HasMetadata> void removeOwnerReferences(GcKind<T> kind, HasMetadata object, Set<String> uids) {
        List<OwnerReference> kept = object.getMetadata().getOwnerReferences().stream()
                .filter(r -> !uids.contains(r.getUid())).toList();
        PinnedMetadataPatch.apply(client, resource(kind, object), object, "ownerReferences",
                kept.isEmpty() ? null : kept);
    }

    /** Removes one finalizer; 409 when the object changed meanwhile. */
    <T extends HasMetadata> void removeFinalizer(GcKind<T> kind, HasMetadata object, String finalizer) {
        PinnedMetadataPatch.removeFinalizer(client, resource(kind, object), object, finalizer);
    }

    private <T extends HasMetadata> Resource<T> resource(GcKind<T> kind, HasMetadata object) {
        return resource(kind, object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    private <T extends HasMetadata> Resource<T> resource(GcKind<T> kind, String namespace, String name) {
        MixedOperation<T, KubernetesResourceList<T>, Resource<T>> op = client.resources(kind.type());
        NonNamespaceOperation<T, KubernetesResourceList<T>, Resource<T>> scoped =
                kind.namespaced() ? op.inNamespace(namespace) : op;
        return scoped.withName(name);
    }
}
