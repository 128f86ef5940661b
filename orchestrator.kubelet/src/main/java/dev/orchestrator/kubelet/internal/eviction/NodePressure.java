package dev.orchestrator.kubelet.internal.eviction;

import java.util.Set;

/**
 * The node conditions that are True because an eviction threshold is met, or was met less than
 * the pressure transition period ago.
 */
public record NodePressure(Set<String> conditions) {

    public static final String MEMORY = "MemoryPressure";
    public static final String DISK = "DiskPressure";
    public static final String PID = "PIDPressure";
    public static final NodePressure NONE = new NodePressure(Set.of());

    public NodePressure {
        conditions = Set.copyOf(conditions);
    }

    public boolean has(String condition) {
        return conditions.contains(condition);
    }
}
