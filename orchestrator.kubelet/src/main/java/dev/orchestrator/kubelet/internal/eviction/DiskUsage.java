package dev.orchestrator.kubelet.internal.eviction;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a directory tree holds, as {@code du} counts it for eviction: the bytes of its files and its
 * inodes (files, directories and links). Links are not followed; files that vanish while counting
 * are skipped.
 */
public record DiskUsage(long bytes, long inodes) {

    public static final DiskUsage NONE = new DiskUsage(0, 0);

    public DiskUsage plus(DiskUsage other) {
        return new DiskUsage(bytes + other.bytes, inodes + other.inodes);
    }

    /** The usage of the tree under {@code dir}; nothing when it does not exist. */
    public static DiskUsage of(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return NONE;
        }
        long[] totals = new long[2];
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                totals[1]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                totals[0] += attrs.isRegularFile() ? attrs.size() : 0;
                totals[1]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // removed while we walked
                }
                throw e;
            }
        });
        return new DiskUsage(totals[0], totals[1]);
    }
}
