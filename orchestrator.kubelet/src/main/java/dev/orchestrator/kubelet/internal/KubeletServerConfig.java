package dev.orchestrator.kubelet.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The kubelets' HTTP endpoint (PID {@code orchestrator.kubelet.server}), one per process for every
 * kubelet in it. Plain HTTP without authentication for now (TLS and authentication come with the
 * API's), so it listens only on the kubelets' own node addresses, never on every address.
 */
@ObjectClassDefinition(name = "Orchestrator kubelet HTTP endpoint",
        description = "Serves container logs (and /healthz) of the process' kubelets on their node addresses.")
public @interface KubeletServerConfig {

    @AttributeDefinition(description = "TCP port on each kubelet's node address (Kubernetes' 10250); 0 turns the "
            + "endpoint off (logs cannot be read then).")
    int port() default 10250;

    @AttributeDefinition(description = "Most threads serving requests (a followed log holds one while it lasts).")
    int maxThreads() default 64;

    @AttributeDefinition(description = "Milliseconds between checks of a followed log file for new lines.")
    int followPollMillis() default 250;
}
