package dev.orchestrator.api.runtime;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A container runtime as the node agent needs it (the shape of the CRI runtime service).
 * Containers outlive the bundle: a new instance adopts what an older one started.
 */
@ProviderType
public interface ContainerRuntime {

    /** Starts a pod sandbox (network namespace, pause process) and returns its id. */
    String runPodSandbox(PodSandboxSpec spec);

    /** Stops and removes a sandbox with all its containers; unknown ids are ignored. */
    void removePodSandbox(String sandboxId);

    /** Creates and starts a container in a sandbox and returns its id. */
    String startContainer(String sandboxId, ContainerSpec spec);

    /** Stops a container, waiting at most {@code graceSeconds} before killing it. */
    void stopContainer(String containerId, long graceSeconds);

    /** Every sandbox the runtime knows of, with the state of its containers. */
    List<PodSandboxStatus> listPodSandboxes();

    /** A pod sandbox to create. */
    record PodSandboxSpec(String podUid, String namespace, String name, java.util.Map<String, String> labels) {
    }

    /** A container to start. */
    record ContainerSpec(String name, String image, List<String> command, List<String> args,
                         java.util.Map<String, String> env) {
    }

    /** What the runtime reports of a sandbox. */
    record PodSandboxStatus(String sandboxId, String podUid, String ip, boolean ready,
                            List<ContainerStatus> containers) {
    }

    /** What the runtime reports of a container. */
    record ContainerStatus(String containerId, String name, String state, int exitCode) {
    }
}
