package dev.orchestrator.kubelet.internal.eviction;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A fake statvfs for tests: the real one cannot be made to run short of disk safely. Answers what
 * the test set for the file system of a path (the nearest configured ancestor), and counts calls.
 */
final class FakeFilesystemStats implements FilesystemStats {

    private final Map<Path, FsStats> filesystems = new HashMap<>();
    int calls;

    void set(Path mountPoint, FsStats stats) {
        filesystems.put(mountPoint.toAbsolutePath(), stats);
    }

    @Override
    public FsStats of(Path path) throws IOException {
        calls++;
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            FsStats fs = filesystems.get(p);
            if (fs != null) {
                return fs;
            }
        }
        throw new IOException("no file system for " + path);
    }
}
