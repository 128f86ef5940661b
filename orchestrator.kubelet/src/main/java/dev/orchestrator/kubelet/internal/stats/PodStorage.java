package dev.orchestrator.kubelet.internal.stats;

import java.util.Map;

/**
 * A pod's local storage at one moment.
 *
 * @param ephemeral everything the pod holds on the node's disk: its logs and its disk volumes (the Summary
 *        API's {@code ephemeral-storage}; containers' writable layers are the runtime's and not counted)
 * @param volumes the pod's emptyDir volumes by name, in the pod's order
 * @param logs each container's logs by container name
 */
public record PodStorage(FsUsage ephemeral, Map<String, FsUsage> volumes, Map<String, FsUsage> logs) {

    public PodStorage {
        volumes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(volumes));
        logs = Map.copyOf(logs);
    }
}
