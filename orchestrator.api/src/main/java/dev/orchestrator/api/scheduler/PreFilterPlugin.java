package dev.orchestrator.api.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/** Once per cycle, before any node is looked at: precompute, or reject the pod outright. */
@ConsumerType
public interface PreFilterPlugin extends Plugin {

    /**
     * @return SUCCESS to go on; SKIP when this plugin's Filter has nothing to check for this pod;
     *         a rejection makes the pod unschedulable on every node
     */
    Status preFilter(CycleState state, PodInfo pod);
}
