package dev.orchestrator.api.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/** Told when a node is chosen for a pod (before binding), and when that choice is undone. */
@ConsumerType
public interface ReservePlugin extends Plugin {

    /** @return SUCCESS to go on; anything else undoes the choice and retries the pod */
    Status reserve(CycleState state, PodInfo pod, String nodeName);

    /** Undoes {@link #reserve}; must be idempotent, as it may follow a reserve that failed. */
    void unreserve(CycleState state, PodInfo pod, String nodeName);
}
