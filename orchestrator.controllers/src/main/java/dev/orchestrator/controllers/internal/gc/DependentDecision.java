package dev.orchestrator.controllers.internal.gc;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the collector does with one dependent, given the state of each of its owners, by
 * Kubernetes' rules:
 * <ul>
 * <li>references to owners being deleted with {@code orphan} are removed (and nothing else yet:
 *     the next round decides on the rest);</li>
 * <li>with at least one owner present, references to owners that are gone or being deleted in the
 *     foreground are removed and the dependent stays;</li>
 * <li>with none present, the dependent is deleted: in the foreground when an owner being deleted in
 *     the foreground is blocked by it ({@code blockOwnerDeletion}), else in the background.</li>
 * </ul>
 * A dependent that is already being deleted is not deleted again.
 *
 * @param action what to do
 * @param removeUids the owner uids whose references go ({@link Action#REMOVE_REFERENCES})
 * @param foreground whether the deletion is in the foreground ({@link Action#DELETE})
 */
record DependentDecision(Action action, Set<String> removeUids, boolean foreground) {

    enum Action { KEEP, REMOVE_REFERENCES, DELETE }

    static final DependentDecision KEEP = new DependentDecision(Action.KEEP, Set.of(), false);

    DependentDecision {
        removeUids = Set.copyOf(removeUids);
    }

    /**
     * @param refs the dependent's owner references
     * @param states the state of each referenced owner by uid (a missing uid counts as present)
     * @param deleting whether the dependent already has a deletion timestamp
     */
    static DependentDecision decide(List<OwnerReference> refs, Map<String, OwnerState> states, boolean deleting) {
        if (refs.isEmpty()) {
            return KEEP;
        }
        List<String> orphaning = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        List<OwnerReference> foreground = new ArrayList<>();
        boolean present = false;
        for (OwnerReference ref : refs) {
            switch (states.getOrDefault(ref.getUid(), OwnerState.PRESENT)) {
                case ORPHANING -> orphaning.add(ref.getUid());
                case GONE -> gone.add(ref.getUid());
                case FOREGROUND -> foreground.add(ref);
                case PRESENT -> present = true;
            }
        }
        if (!orphaning.isEmpty()) {
            return new DependentDecision(Action.REMOVE_REFERENCES, Set.copyOf(orphaning), false);
        }
        if (present) {
            if (gone.isEmpty() && foreground.isEmpty()) {
                return KEEP;
            }
            List<String> remove = new ArrayList<>(gone);
            foreground.forEach(r -> remove.add(r.getUid()));
            return new DependentDecision(Action.REMOVE_REFERENCES, Set.copyOf(remove), false);
        }
        if (deleting) {
            return KEEP;
        }
        boolean blocks = foreground.stream().anyMatch(r -> Boolean.TRUE.equals(r.getBlockOwnerDeletion()));
        return new DependentDecision(Action.DELETE, Set.of(), blocks);
    }
}
