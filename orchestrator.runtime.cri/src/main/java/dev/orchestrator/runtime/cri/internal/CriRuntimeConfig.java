package dev.orchestrator.runtime.cri.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the CRI runtime component (PID {@value #PID}); every attribute has a working default. */
@ObjectClassDefinition(name = "Orchestrator CRI runtime",
        description = "The container runtime behind a CRI endpoint (containerd, CRI-O), reached over gRPC on a "
                + "unix socket. Works without configuration for the node's own containerd.")
public @interface CriRuntimeConfig {

    /** The configuration PID, also the component name. */
    String PID = "orchestrator.runtime.cri";

    @AttributeDefinition(description = "CRI endpoint, unix:///path/to/socket. Empty: unix://<orchestrator.data.dir>"
            + "/node/containerd/containerd.sock, where the framework property orchestrator.data.dir defaults to "
            + "~/.orchestrator.")
    String endpoint() default "";

    @AttributeDefinition(name = "handler", description = "The runtime handler this service offers, published as the "
            + "service property orchestrator.runtime.handler; kubelets pick their runtime by it.")
    String orchestrator_runtime_handler() default "runc";

    @AttributeDefinition(description = "Seconds a CRI call may take before it fails with RuntimeUnavailableException "
            + "(pulls, stops and exec have their own limits).")
    int callTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Seconds an image pull may take.")
    int pullTimeoutSeconds() default 300;

    @AttributeDefinition(description = "Seconds a stop (or exec) call may take beyond its grace period (or command "
            + "timeout) before it is abandoned.")
    int stopTimeoutExtraSeconds() default 10;

    @AttributeDefinition(description = "Socket transport: auto (epoll when its native library loads, else Java's "
            + "own unix sockets), epoll or nio.")
    String transport() default "auto";
}
