package dev.orchestrator.controllers.internal.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Optional;

/**
 * When an owner being deleted may lose the collector's finalizer: {@code orphan} once no dependent
 * references it any more (each dependent removes its reference in its own reconcile);
 * {@code foregroundDeletion} once no dependent that blocks it ({@code blockOwnerDeletion}) is left
 * (dependents that do not block are deleted too, but not waited for).
 */
final class OwnerDecision {

    private OwnerDecision() {
    }

    /**
     * @param owner the owner, with a deletion timestamp
     * @param dependents the cached objects with an owner reference to the owner's uid
     * @return the finalizer to remove now, if any
     */
    static Optional<String> finalizerToRemove(HasMetadata owner, List<? extends HasMetadata> dependents) {
        if (owner.getMetadata().getDeletionTimestamp() == null) {
            return Optional.empty();
        }
        List<String> finalizers = owner.getMetadata().getFinalizers();
        String uid = owner.getMetadata().getUid();
        if (finalizers.contains(OwnerState.ORPHAN_FINALIZER)) {
            return dependents.isEmpty() ? Optional.of(OwnerState.ORPHAN_FINALIZER) : Optional.empty();
        }
        if (finalizers.contains(OwnerState.FOREGROUND_FINALIZER)) {
            boolean blocked = dependents.stream().anyMatch(d -> refTo(d, uid).map(OwnerReference::getBlockOwnerDeletion)
                    .map(Boolean.TRUE::equals).orElse(false));
            return blocked ? Optional.empty() : Optional.of(OwnerState.FOREGROUND_FINALIZER);
        }
        return Optional.empty();
    }

    static Optional<OwnerReference> refTo(HasMetadata dependent, String uid) {
        return dependent.getMetadata().getOwnerReferences().stream().filter(r -> uid.equals(r.getUid())).findFirst();
    }
}
