package dev.orchestrator.kubelet.internal.stats;

import dev.orchestrator.kubelet.internal.eviction.FsStats;
import java.time.Instant;
import java.util.Optional;

/**
 * What something holds on a file system at one moment, as the Summary API's {@code FsStats}: the bytes and
 * inodes it uses, and the size and free space of the file system it is on (when known).
 */
public record FsUsage(Instant time, long usedBytes, long inodesUsed, Optional<FsStats> filesystem) {

    /** A whole file system: what statvfs says is used of it. */
    public static FsUsage of(Instant time, FsStats fs) {
        return new FsUsage(time, fs.usedBytes(), Math.max(0, fs.inodes() - fs.inodesFree()), Optional.of(fs));
    }
}
