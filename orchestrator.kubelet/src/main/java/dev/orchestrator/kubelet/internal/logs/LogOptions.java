package dev.orchestrator.kubelet.internal.logs;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a reader of a container's log asks for (the kubelet's {@code /containerLogs} query, as
 * Kubernetes' PodLogOptions): follow new output, only the last lines, only lines since a time,
 * the runtime's timestamp before each line, at most some bytes.
 */
public record LogOptions(boolean follow, OptionalLong tailLines, Optional<Instant> since, boolean timestamps,
                         OptionalLong limitBytes) {

    /** Everything, once, without timestamps. */
    public static final LogOptions ALL = new LogOptions(false, OptionalLong.empty(), Optional.empty(), false,
            OptionalLong.empty());
}
