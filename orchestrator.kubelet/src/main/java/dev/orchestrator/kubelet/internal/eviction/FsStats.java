package dev.orchestrator.kubelet.internal.eviction;

/**
 * A file system's size and what is left of it, as statvfs(2) tells: bytes available to unprivileged users,
 * bytes in use (blocks less free blocks, so the blocks reserved for root count as neither), inodes.
 */
public record FsStats(long capacityBytes, long availableBytes, long inodes, long inodesFree, long usedBytes) {

    /** Without a separate used figure: everything not available counts as used. */
    public FsStats(long capacityBytes, long availableBytes, long inodes, long inodesFree) {
        this(capacityBytes, availableBytes, inodes, inodesFree, Math.max(0, capacityBytes - availableBytes));
    }
}
