package dev.orchestrator.kubelet.internal.eviction;

import java.io.IOException;
import java.nio.file.Path;

/** Where the sizes of file systems come from (statvfs of a path on them). */
@FunctionalInterface
public interface FilesystemStats {

    /** The file system holding {@code path} (which exists). */
    FsStats of(Path path) throws IOException;
}
