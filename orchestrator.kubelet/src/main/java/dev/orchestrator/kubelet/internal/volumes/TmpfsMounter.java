package dev.orchestrator.kubelet.internal.volumes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Puts memory-backed file systems under volume directories and takes them away again. Behind an
 * interface so that hollow nodes (many kubelets in one process, perhaps not root) use plain
 * directories instead ({@link #none()}), while a real node mounts tmpfs ({@link MountCommandTmpfs}).
 * Every method is idempotent: a new kubelet (bundle update, restart) calls them again over what
 * its predecessor made.
 */
public interface TmpfsMounter {

    /**
     * Mounts a tmpfs on {@code dir} (an existing directory) unless one is already mounted there.
     *
     * @return whether it mounted one now
     */
    boolean ensureMounted(Path dir, OptionalLong sizeBytes) throws IOException;

    /** Whether {@code dir} is ready as a memory-backed directory (a tmpfs is mounted on it). */
    boolean isMounted(Path dir) throws IOException;

    /** The mount points at or below {@code dir}, deepest first. */
    List<Path> mountedUnder(Path dir) throws IOException;

    /** Unmounts the file system mounted on {@code mountPoint}. */
    void unmount(Path mountPoint) throws IOException;

    /** Plain directories on disk instead of tmpfs: for hollow nodes, needs no privilege. */
    static TmpfsMounter none() {
        return new TmpfsMounter() {
            @Override
            public boolean ensureMounted(Path dir, OptionalLong sizeBytes) {
                return false; // the directory itself stands in for the tmpfs
            }

            @Override
            public boolean isMounted(Path dir) {
                return java.nio.file.Files.isDirectory(dir);
            }

            @Override
            public List<Path> mountedUnder(Path dir) {
                return List.of();
            }

            @Override
            public void unmount(Path mountPoint) {
                // nothing was mounted
            }
        };
    }
}
