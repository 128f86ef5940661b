package dev.orchestrator.api.runtime;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A container as the runtime reports it.
 *
 * @param imageRef the image id or digest the container runs
 * @param startedAt when it started (empty while only created)
 * @param finishedAt when it exited (empty while created or running)
 * @param exitCode its exit code once exited
 * @param reason a short reason once exited ("Completed", "Error", "OOMKilled"), else empty
 * @param message a human-readable message, else empty
 * @param logPath the absolute path of its log file (empty when it has none)
 */
public record ContainerStatus(String id, String sandboxId, String name, int attempt, State state, String image,
                              String imageRef, Instant createdAt, Optional<Instant> startedAt,
                              Optional<Instant> finishedAt, int exitCode, String reason, String message,
                              Map<String, String> labels, Map<String, String> annotations, String logPath) {

    public ContainerStatus {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** The container's life cycle state. */
    public enum State { CREATED, RUNNING, EXITED, UNKNOWN }
}
