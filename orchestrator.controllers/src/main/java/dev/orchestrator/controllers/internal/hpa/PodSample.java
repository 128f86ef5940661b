package dev.orchestrator.controllers.internal.hpa;

/**
 * One pod of the scale target as the replica calculation sees it.
 *
 * @param name the pod's name
 * @param state how the calculation counts it
 * @param usage the metric's value (base units: cores, bytes); 0 when {@link State#MISSING}
 * @param request the pods' request of the resource (base units); 0 when not needed (AverageValue targets)
 */
record PodSample(String name, State state, double usage, double request) {

    /** How a pod counts, as Kubernetes' replica calculator groups pods. */
    enum State {
        /** Has a metric that counts. */
        READY,
        /** Pending, or (CPU) not ready yet or just started: its metric is not trusted; 0 % when scaling up. */
        UNREADY,
        /** Running but no metric: 100 % of the target when scaling down, 0 % when scaling up. */
        MISSING,
        /** Being deleted or failed: left out. */
        IGNORED
    }
}
