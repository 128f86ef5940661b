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
     */
    record Unschedulable(String message, boolean retrySoon) implements CycleResult {
    }

    /** A plugin failed; the pod is retried after back-off. */
    record Failed(String message) implements CycleResult {
    }
}
