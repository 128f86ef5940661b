package dev.orchestrator.kubelet.internal.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;

/**
 * Rotates a running container's log by size, as Kubernetes' container log manager does: when the
 * current file is over {@code maxBytes}, the oldest rotated files are removed so that at most
 * {@code maxFiles} remain counting the new one, the current file is renamed with a time suffix,
 * and the runtime is asked to reopen the log (CRI {@code ReopenContainerLog}), which makes a new
 * file at the original path. If the runtime cannot reopen, the rename is undone, so that the
 * runtime never writes to a file nobody reads. (Kubernetes also compresses rotated files; these
 * stay plain, so readers need no decompression.)
 */
public final class LogRotation {

    private final long maxBytes;
    private final int maxFiles;
    private final Clock clock;

    /** @param maxFiles files kept per container, the current one included (at least 2) */
    public LogRotation(long maxBytes, int maxFiles, Clock clock) {
        if (maxBytes <= 0 || maxFiles < 2) {
            throw new IllegalArgumentException("log rotation needs a positive size and at least 2 files, not "
                    + maxBytes + " bytes and " + maxFiles + " files");
        }
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        this.clock = clock;
    }

    /**
     * Rotates {@code current} when it is over the size.
     *
     * @param reopen asks the runtime to reopen the container's log (throws when it cannot)
     * @return whether it rotated
     */
    public boolean rotateIfNeeded(Path current, Runnable reopen) throws IOException {
        long size;
        try {
            size = Files.size(current);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (size < maxBytes) {
            return false;
        }
        Path target = LogFiles.rotatedName(current, clock.instant());
        if (Files.exists(target)) {
            return false; // rotated within this second already; the next check does it
        }
        List<Path> rotated = LogFiles.rotated(current);
        for (int i = 0; i < rotated.size() - (maxFiles - 2); i++) {
            Files.deleteIfExists(rotated.get(i));
        }
        Files.move(current, target, StandardCopyOption.ATOMIC_MOVE);
        try {
            reopen.run();
        } catch (RuntimeException e) {
            if (!Files.exists(current)) {
                Files.move(target, current, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        return true;
    }
}
