package dev.orchestrator.controllers.internal.gc;

import dev.orchestrator.api.controller.Caches;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * The cached dependents of an owner: objects of every followed kind with an owner reference to
 * its uid. A namespaced owner's dependents are in its namespace (owner references do not cross
 * namespaces); a cluster-scoped owner's may be anywhere. A scan of every kind: it runs in the
 * reconcile of an owner being deleted only (events find dependents through {@link OwnerIndex}).
 */
final class Dependents {

    private Dependents() {
    }

    static List<HasMetadata> of(Caches caches, HasMetadata owner) {
        List<HasMetadata> found = new ArrayList<>();
        for (GcKind<?> kind : GcKinds.ALL) {
            found.addAll(ofKind(caches, owner, kind));
        }
        return found;
    }

    static <T extends HasMetadata> List<T> ofKind(Caches caches, HasMetadata owner, GcKind<T> kind) {
        String uid = owner.getMetadata().getUid();
        String namespace = owner.getMetadata().getNamespace();
        List<T> candidates = caches.lister(kind.type()).list(namespace == null ? "" : namespace);
        return candidates.stream().filter(d -> OwnerDecision.refTo(d, uid).isPresent()).toList();
    }
}
