package dev.orchestrator.kubelet.internal.eviction;

/** A file system's size and what is left of it, as statvfs(2) tells (bytes for unprivileged users, inodes). */
public record FsStats(long capacityBytes, long availableBytes, long inodes, long inodesFree) {
}
