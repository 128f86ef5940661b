package dev.orchestrator.kubelet.internal.eviction;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * statvfs(2) through coreutils' {@code stat -f}: Java reports a file store's bytes but not its
 * inodes, and the kubelet bundle has no native code. One short process per file system and
 * observation (every monitoring interval, only when a threshold needs the file system), bounded
 * in time so that a hung file system cannot hold the monitor.
 */
public final class StatCommandFilesystem implements FilesystemStats {

    private static final long TIMEOUT_SECONDS = 10;

    @Override
    public FsStats of(Path path) throws IOException {
        // %S fundamental block size, %b blocks, %a blocks free for unprivileged users, %c inodes, %d free inodes,
        // %f free blocks
        Process p = new ProcessBuilder("stat", "-f", "-c", "%S %b %a %c %d %f", path.toString())
                .redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("stat -f " + path + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("stat -f " + path + " failed (exit " + p.exitValue() + "): " + out);
            }
            return parse(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("stat -f interrupted", e);
        }
    }

    static FsStats parse(String out) throws IOException {
        String[] f = out.trim().split("\\s+");
        if (f.length != 6) {
            throw new IOException("unexpected output of stat -f: " + out);
        }
        try {
            long block = Long.parseLong(f[0]);
            long blocks = Long.parseLong(f[1]);
            return new FsStats(block * blocks, block * Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), block * Math.max(0, blocks - Long.parseLong(f[5])));
        } catch (NumberFormatException e) {
            throw new IOException("unexpected output of stat -f: " + out);
        }
    }
}
