package dev.orchestrator.kubelet.internal.eviction;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;

/** How the monitor evicts: the kubelet stops the pod and marks it Failed with reason Evicted. */
public interface PodEvictor {

    /**
     * Evicts a pod: posts the Evicted event now and has the pod's containers stopped with this grace
     * period, then its status written (phase Failed, reason Evicted, this message). Returns at once.
     *
     * @param nodePressure whether the node's pressure is the cause (the pod then gets a
     *                     DisruptionTarget condition, reason TerminationByKubelet)
     */
    void evict(Pod pod, String message, Duration grace, boolean nodePressure);

    /** Whether a pod evicted before still has containers running (the next is chosen once it is gone). */
    boolean inProgress();
}
