package dev.orchestrator.runtime.sim.internal;

import dev.orchestrator.api.runtime.ContainerConfig;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.ContainerStatus.State;
import java.time.Instant;
import java.util.Optional;

/**
 * One simulated container; guarded by its {@link SimState}. It has no process and no timer: a
 * container that exits on its own is moved to EXITED by {@link #settle} whenever someone looks,
 * with the time it would have exited at, so idle hollow nodes cost no thread.
 */
final class SimContainer {

    /** Exit code of a process ended by SIGTERM (128 + 15), what a stopped container reports. */
    static final int SIGTERM_EXIT = 143;
    /** Exit code containerd reports for a container whose process could not be started. */
    static final int START_ERROR_EXIT = 128;

    final String id;
    final String sandboxId;
    final ContainerConfig config;
    final String imageRef;
    final SimCommand command;
    final Instant createdAt;
    State state = State.CREATED;
    Instant startedAt;
    Instant finishedAt;
    int exitCode;
    String reason = "";
    String message = "";

    SimContainer(String id, String sandboxId, ContainerConfig config, String imageRef, SimCommand command,
                 Instant createdAt) {
        this.id = id;
        this.sandboxId = sandboxId;
        this.config = config;
        this.imageRef = imageRef;
        this.command = command;
        this.createdAt = createdAt;
    }

    /** Applies a planned exit whose time has come. */
    void settle(Instant now) {
        if (state == State.RUNNING && command.kind() == SimCommand.Kind.EXIT) {
            Instant exitAt = startedAt.plusMillis(command.afterMillis());
            if (!now.isBefore(exitAt)) {
                exit(exitAt, command.exitCode(), "");
            }
        }
    }

    void start(Instant now) {
        state = State.RUNNING;
        startedAt = now;
        settle(now);
    }

    /** The process ended; Kubernetes shows the runtime's reason: "Completed" for 0, "Error" otherwise. */
    void exit(Instant at, int code, String why) {
        state = State.EXITED;
        finishedAt = at;
        exitCode = code;
        reason = code == 0 ? "Completed" : "Error";
        message = why;
    }

    /** The process never ran: containerd's StartError state, which the kubelet shows as is. */
    void failStart(Instant now, String why) {
        state = State.EXITED;
        finishedAt = now;
        exitCode = START_ERROR_EXIT;
        reason = "StartError";
        message = why;
    }

    ContainerStatus status() {
        return new ContainerStatus(id, sandboxId, config.name(), config.attempt(), state, config.image(), imageRef,
                createdAt, Optional.ofNullable(startedAt), Optional.ofNullable(finishedAt), exitCode, reason,
                message, config.labels(), config.annotations(), "");
    }
}
