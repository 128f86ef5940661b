package dev.orchestrator.api.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A sandbox as the runtime reports it.
 *
 * @param ips the pod's addresses, the primary first (empty for host-network pods or when not ready)
 * @param pid the host's process id of the sandbox's own process (the pause process, which holds the pod's
 *        namespaces): the node agent reads the pod's network counters from {@code /proc/<pid>/net/dev}. Empty
 *        when the sandbox is not running, when the runtime has no such process (a virtual machine) or does not
 *        say (runtimes written against 1.1, and list replies that carry no process details). Since 1.2.
 */
public record SandboxStatus(String id, String name, String namespace, String uid, int attempt, State state,
                            Instant createdAt, List<String> ips, Map<String, String> labels,
                            Map<String, String> annotations, OptionalLong pid) {

    public SandboxStatus {
        ips = List.copyOf(ips);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** A status without a process id: the constructor of 1.1, kept for the runtimes built against it. */
    public SandboxStatus(String id, String name, String namespace, String uid, int attempt, State state,
                         Instant createdAt, List<String> ips, Map<String, String> labels,
                         Map<String, String> annotations) {
        this(id, name, namespace, uid, attempt, state, createdAt, ips, labels, annotations, OptionalLong.empty());
    }

    /** Whether the sandbox's network namespace and pause process are up. */
    public enum State { READY, NOT_READY }
}
