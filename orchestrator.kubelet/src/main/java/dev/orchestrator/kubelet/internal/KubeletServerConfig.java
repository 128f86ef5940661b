package dev.orchestrator.kubelet.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The kubelets' HTTP endpoint (PID {@code orchestrator.kubelet.server}), one per process for every
 * kubelet in it, on the kubelets' own node addresses only. On a cluster with TLS it is HTTPS and every caller is
 * checked through the API server ({@code DelegatedKubeletAccess}); on one without, plain HTTP.
 */
@ObjectClassDefinition(name = "Orchestrator kubelet HTTP endpoint",
        description = "Serves logs, exec, attach, port-forward and stats of the process' kubelets on their node addresses.")
public @interface KubeletServerConfig {

    @AttributeDefinition(description = "TCP port on each kubelet's node address (Kubernetes' 10250); 0 turns the "
            + "endpoint off (logs cannot be read then).")
    int port() default 10250;

    @AttributeDefinition(description = "Most threads serving requests (a followed log holds one while it lasts).")
    int maxThreads() default 64;

    @AttributeDefinition(description = "Milliseconds between checks of a followed log file for new lines.")
    int followPollMillis() default 250;
}
