package dev.orchestrator.api.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/** Work that must be done before the pod is bound (e.g. provision a volume). Runs on the binding thread. */
@ConsumerType
public interface PreBindPlugin extends Plugin {

    /** @return SUCCESS to go on; anything else undoes the choice and retries the pod */
    Status preBind(CycleState state, PodInfo pod, String nodeName);
}
