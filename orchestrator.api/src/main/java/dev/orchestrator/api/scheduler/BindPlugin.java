package dev.orchestrator.api.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Binds the pod to the node. Bind plugins are asked in order until one does not SKIP; when all
 * skip, the framework binds through the API ({@code pods/binding}).
 */
@ConsumerType
public interface BindPlugin extends Plugin {

    /** @return SUCCESS when bound, SKIP when this plugin does not bind this pod, else a failure */
    Status bind(CycleState state, PodInfo pod, String nodeName);
}
