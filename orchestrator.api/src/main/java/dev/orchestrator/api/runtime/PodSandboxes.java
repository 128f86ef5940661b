package dev.orchestrator.api.runtime;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** The pod sandboxes of a runtime (CRI {@code RunPodSandbox} … {@code ListPodSandbox}). */
@ProviderType
public interface PodSandboxes {

    /**
     * Creates and starts a sandbox (its network namespace gets a pod IP) and returns its id.
     *
     * @throws ContainerRuntimeException with the runtime's message when it cannot be made
     */
    String run(SandboxConfig config);

    /** Stops every container of the sandbox and the sandbox itself; idempotent. */
    void stop(String sandboxId);

    /** Removes a stopped sandbox and its containers; an unknown id is ignored. */
    void remove(String sandboxId);

    /**
     * The sandbox's current state.
     *
     * @throws NotFoundException when the runtime does not know the id
     */
    SandboxStatus status(String sandboxId);

    /** Every sandbox whose labels include all of {@code labels} (all sandboxes for an empty map). */
    List<SandboxStatus> list(Map<String, String> labels);
}
