package dev.orchestrator.runtime.docker.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the Docker runtime component (PID {@value #PID}); every attribute has a working default. */
@ObjectClassDefinition(name = "Orchestrator Docker runtime",
        description = "The container runtime behind a Docker Engine (dockerd) on a unix socket; pods get their network "
                + "from a CNI conflist. Works without configuration for the dockerd that node/node-env.sh docker-up "
                + "starts beside the node's containerd.")
public @interface DockerRuntimeConfig {

    /** The configuration PID, also the component name. */
    String PID = "orchestrator.runtime.docker";

    @AttributeDefinition(description = "Docker endpoint, unix:///path/to/docker.sock. Empty: unix://"
            + "<orchestrator.data.dir>/node/docker/docker.sock, where the framework property orchestrator.data.dir "
            + "defaults to ~/.orchestrator.")
    String endpoint() default "";

    @AttributeDefinition(name = "handler", description = "The runtime handler this service offers, published as the "
            + "service property orchestrator.runtime.handler; a RuntimeClass names it in its handler field.")
    String orchestrator_runtime_handler() default "docker";

    @AttributeDefinition(description = "Directory of the CNI network configuration (the first *.conflist or *.conf "
            + "by name is used). Empty: <orchestrator.data.dir>/node/cni/net.d, the one the node's containerd uses.")
    String cniConfDir() default "";

    @AttributeDefinition(description = "Directory of the CNI plugin binaries.")
    String cniBinDir() default "/usr/lib/cni";

    @AttributeDefinition(description = "Directory where the CNI result of each sandbox is kept (its pod IP, and what "
            + "CNI DEL needs). Empty: <orchestrator.data.dir>/node/cni/docker-results.")
    String cniResultDir() default "";

    @AttributeDefinition(description = "Image of the pause container that holds a pod's namespaces. Empty: the "
            + "node's registry's pause:1 (REGISTRY from node.env beside the CNI directory), else localhost/pause:1.")
    String pauseImage() default "";

    @AttributeDefinition(description = "Seconds a Docker call may take before it fails with "
            + "RuntimeUnavailableException (pulls, stops and exec have their own limits).")
    int callTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Seconds an image pull may take.")
    int pullTimeoutSeconds() default 300;

    @AttributeDefinition(description = "Seconds a stop (or exec) call may take beyond its grace period (or command "
            + "timeout) before it is abandoned.")
    int stopTimeoutExtraSeconds() default 10;

    @AttributeDefinition(description = "Size at which docker rotates a container's json-file log (docker's max-size: "
            + "bytes with an optional k, m or g suffix).")
    String logMaxSize() default "10m";

    @AttributeDefinition(description = "Log files docker keeps per container, the current one included (max-file).")
    int logMaxFiles() default 5;
}
