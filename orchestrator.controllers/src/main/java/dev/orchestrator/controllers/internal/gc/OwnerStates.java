package dev.orchestrator.controllers.internal.gc;

import dev.orchestrator.api.controller.Context;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state of each owner of a dependent: from the cache when it holds the owner with the
 * referenced uid; otherwise from the API, so that an owner is only ever taken for gone when the API
 * confirms it (the cache may simply not have seen it yet). An owner of a kind the collector does
 * not follow (a custom resource) is read from the API through discovery; while its kind cannot be resolved it
 * counts as present. Such owners send no events the collector sees, so their dependents are checked again
 * periodically ({@link #hasUnfollowedOwner}).
 */
final class OwnerStates {

    private final GcWrites api;

    OwnerStates(GcWrites api) {
        this.api = api;
    }

    Map<String, OwnerState> of(HasMetadata dependent, Context context) {
        Map<String, OwnerState> states = new HashMap<>();
        String namespace = dependent.getMetadata().getNamespace();
        boolean clusterScoped = namespace == null || namespace.isEmpty();
        for (OwnerReference ref : dependent.getMetadata().getOwnerReferences()) {
            Optional<GcKind<?>> kind = GcKinds.of(ref);
            if (ref.getUid() == null) {
                continue; // cannot be checked: present
            }
            if (kind.isEmpty()) {
                unfollowed(ref, namespace).ifPresent(state -> states.put(ref.getUid(), state));
                continue;
            }
            if (clusterScoped && kind.get().namespaced()) {
                // a cluster-scoped object cannot be owned by a namespaced one: Kubernetes treats it as absent
                context.events().warning(dependent, "OwnerRefInvalidNamespace", "ownerRef [" + ref.getApiVersion()
                        + "/" + ref.getKind() + ", namespace: , name: " + ref.getName() + ", uid: " + ref.getUid()
                        + "] does not exist in namespace \"\"");
                states.put(ref.getUid(), OwnerState.GONE);
                continue;
            }
            states.put(ref.getUid(), state(kind.get(), kind.get().ownerNamespace(namespace), ref, context));
        }
        return states;
    }

    /** Whether a dependent has an owner whose events the collector does not see (so it is polled). */
    static boolean hasUnfollowedOwner(HasMetadata dependent) {
        return dependent.getMetadata().getOwnerReferences().stream()
                .anyMatch(ref -> ref.getUid() != null && GcKinds.of(ref).isEmpty());
    }

    /** The state of a custom resource owner, in the dependent's namespace; empty when it cannot be told. */
    private Optional<OwnerState> unfollowed(OwnerReference ref, String namespace) {
        Optional<HasMetadata> owner = api.getUnfollowed(ref.getApiVersion(), ref.getKind(), namespace, ref.getName());
        if (owner == null) {
            return Optional.empty();
        }
        return Optional.of(owner.filter(o -> ref.getUid().equals(o.getMetadata().getUid()))
                .map(OwnerState::of).orElse(OwnerState.GONE));
    }

    private <T extends HasMetadata> OwnerState state(GcKind<T> kind, String namespace, OwnerReference ref,
                                                     Context context) {
        Optional<T> cached = context.lister(kind.type()).get(namespace, ref.getName())
                .filter(o -> ref.getUid().equals(o.getMetadata().getUid()));
        if (cached.isPresent()) {
            return OwnerState.of(cached.get());
        }
        return api.get(kind, namespace, ref.getName()).filter(o -> ref.getUid().equals(o.getMetadata().getUid()))
                .map(OwnerState::of).orElse(OwnerState.GONE);
    }
}
