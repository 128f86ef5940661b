package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.scheduler.CycleState;

/** How one scheduling cycle ended. */
sealed interface CycleResult {

    /** A node was chosen (and reserved); binding comes next. */
    record Placed(String node, CycleState state, int evaluated, int feasible) implements CycleResult {
    }

    /**
     * No node fits.
     *
     * @param message the Kubernetes-style "0/5 nodes are available: ..." text
     * @param retrySoon a PostFilter plugin made a change that may let it fit (retry after back-off)
     * @param preemption the pods to delete so that it fits, when preempting them can help
     */
    record Unschedulable(String message, boolean retrySoon, java.util.Optional<Preemption.Choice> preemption)
            implements CycleResult {

        Unschedulable(String message, boolean retrySoon) {
            this(message, retrySoon, java.util.Optional.empty());
        }
    }

    /** A plugin failed; the pod is retried after back-off. */
    record Failed(String message) implements CycleResult {
    }
}
