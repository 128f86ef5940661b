package dev.orchestrator.controllers.internal.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** What an owner reference's owner is, from the dependent's point of view. */
enum OwnerState {
    /** It exists with the referenced uid (or its kind cannot be checked): it holds the dependent. */
    PRESENT,
    /** No object of that name and uid exists, confirmed by the API: the reference dangles. */
    GONE,
    /** Being deleted with the {@code orphan} finalizer: the reference is to be removed. */
    ORPHANING,
    /** Being deleted with the {@code foregroundDeletion} finalizer: its dependents go first. */
    FOREGROUND;

    static final String ORPHAN_FINALIZER = "orphan";
    static final String FOREGROUND_FINALIZER = "foregroundDeletion";

    /** The state of an owner that exists with the referenced uid. */
    static OwnerState of(HasMetadata owner) {
        if (owner.getMetadata().getDeletionTimestamp() == null) {
            return PRESENT;
        }
        List<String> finalizers = owner.getMetadata().getFinalizers();
        if (finalizers.contains(ORPHAN_FINALIZER)) {
            return ORPHANING;
        }
        if (finalizers.contains(FOREGROUND_FINALIZER)) {
            return FOREGROUND;
        }
        return PRESENT; // being deleted by someone else's finalizers: it still owns until it is gone
    }

    /** Whether an owner in this state asks its dependents to act (so their keys are worth waking). */
    boolean asksDependents() {
        return this == ORPHANING || this == FOREGROUND;
    }
}
