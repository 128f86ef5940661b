package dev.orchestrator.api.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sandbox as the runtime reports it.
 *
 * @param ips the pod's addresses, the primary first (empty for host-network pods or when not ready)
 */
public record SandboxStatus(String id, String name, String namespace, String uid, int attempt, State state,
                            Instant createdAt, List<String> ips, Map<String, String> labels,
                            Map<String, String> annotations) {

    public SandboxStatus {
        ips = List.copyOf(ips);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** Whether the sandbox's network namespace and pause process are up. */
    public enum State { READY, NOT_READY }
}
