package dev.orchestrator.api.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/** Decides whether the pod may run on one node. Called for many nodes in parallel. */
@ConsumerType
public interface FilterPlugin extends Plugin {

    /** @return SUCCESS when the node fits; a rejection with a node-independent reason otherwise */
    Status filter(CycleState state, PodInfo pod, NodeInfo node);
}
