package dev.orchestrator.kubelet.internal.eviction;

import java.util.Arrays;
import java.util.Optional;

/**
 * The eviction signals of Kubernetes' kubelet, by their configuration names: what is left of a
 * resource on the node, the node condition that says the resource is short, and the resource
 * named in eviction messages. Declared in the order thresholds are acted upon when several are
 * met at once: memory first (the kernel's OOM killer is the alternative), then process ids,
 * then disk.
 */
public enum Signal {

    MEMORY_AVAILABLE("memory.available", NodePressure.MEMORY, "memory", Unit.BYTES),
    PID_AVAILABLE("pid.available", NodePressure.PID, "pids", Unit.COUNT),
    NODEFS_AVAILABLE("nodefs.available", NodePressure.DISK, "ephemeral-storage", Unit.BYTES),
    NODEFS_INODES_FREE("nodefs.inodesFree", NodePressure.DISK, "inodes", Unit.COUNT),
    IMAGEFS_AVAILABLE("imagefs.available", NodePressure.DISK, "ephemeral-storage", Unit.BYTES),
    IMAGEFS_INODES_FREE("imagefs.inodesFree", NodePressure.DISK, "inodes", Unit.COUNT);

    /** How a signal's amounts are written in messages: bytes as binary quantities, counts as decimal ones. */
    public enum Unit { BYTES, COUNT }

    private final String key;
    private final String condition;
    private final String resource;
    private final Unit unit;

    Signal(String key, String condition, String resource, Unit unit) {
        this.key = key;
        this.condition = condition;
        this.resource = resource;
        this.unit = unit;
    }

    /** The name in configuration ({@code memory.available}). */
    public String key() {
        return key;
    }

    /** The node condition this signal drives ({@code MemoryPressure}, {@code DiskPressure}, {@code PIDPressure}). */
    public String condition() {
        return condition;
    }

    /** The resource a threshold of this signal reclaims, as eviction messages name it. */
    public String resource() {
        return resource;
    }

    public Unit unit() {
        return unit;
    }

    /** Whether reclaiming this signal means freeing local disk (ranked by the pods' disk usage). */
    public boolean isDisk() {
        return condition.equals(NodePressure.DISK);
    }

    /** Whether this signal counts inodes (ranked by the pods' files rather than bytes). */
    public boolean isInodes() {
        return this == NODEFS_INODES_FREE || this == IMAGEFS_INODES_FREE;
    }

    public static Optional<Signal> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
}
