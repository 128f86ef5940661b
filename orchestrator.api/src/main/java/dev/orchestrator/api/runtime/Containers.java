package dev.orchestrator.api.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The containers of a runtime (CRI {@code CreateContainer} … {@code ListContainerStats}). */
@ProviderType
public interface Containers {

    /**
     * Creates a container in a sandbox (not started) and returns its id.
     *
     * @param sandbox the configuration the sandbox was run with
     * @throws ContainerRuntimeException with the runtime's message when it cannot be created
     */
    String create(String sandboxId, ContainerConfig config, SandboxConfig sandbox);

    /**
     * Starts a created container.
     *
     * @throws ContainerRuntimeException with the runtime's message (e.g. the command does not exist)
     */
    void start(String containerId);

    /** Sends the stop signal, waits at most {@code grace}, then kills; idempotent. */
    void stop(String containerId, Duration grace);

    /** Removes a container (stopping it first if needed); an unknown id is ignored. */
    void remove(String containerId);

    /**
     * The container's current state.
     *
     * @throws NotFoundException when the runtime does not know the id
     */
    ContainerStatus status(String containerId);

    /**
     * Containers of one sandbox (or of all, when {@code sandboxId} is empty) whose labels include
     * all of {@code labels}.
     */
    List<ContainerStatus> list(Optional<String> sandboxId, Map<String, String> labels);

    /** Resource usage of every running container (empty when the runtime measures nothing). */
    List<ContainerStats> stats();

    /**
     * Makes the runtime close the container's log file and open {@link ContainerStatus#logPath()}
     * afresh (CRI {@code ReopenContainerLog}): the kubelet rotates a log by renaming the file, then
     * calls this so that new output goes to a new file at the original path. Idempotent.
     *
     * @throws NotFoundException when the runtime does not know the id
     * @throws ContainerRuntimeException when the container is not running or the runtime cannot
     *         reopen logs (the default, for runtimes written against 1.0)
     * @since 1.1
     */
    default void reopenLog(String containerId) {
        throw new ContainerRuntimeException("this runtime cannot reopen container logs");
    }
}
