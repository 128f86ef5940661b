package dev.orchestrator.api.runtime;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A container runtime as the node agent needs it: the CRI runtime and image services, split by
 * concern. Implementations are thread-safe; every call is synchronous and bounded in time.
 */
@ProviderType
public interface ContainerRuntime {

    /** Name and version of the runtime behind this service (CRI {@code Version}). */
    RuntimeVersion version();

    /** Whether the runtime and its pod network are ready (CRI {@code Status}). */
    RuntimeStatus status();

    /** Pod sandboxes: run, stop, remove, status, list. */
    PodSandboxes sandboxes();

    /** Containers inside sandboxes: create, start, stop, remove, status, list, stats. */
    Containers containers();

    /** Commands in running containers: exec (synchronous) and streaming exec/attach/port-forward. */
    ContainerExec exec();

    /** Images: pull, status, list, remove. */
    Images images();
}
