package dev.orchestrator.kubelet.internal.eviction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Process ids for the pid.available signal, from {@code /proc}: the capacity is
 * {@code kernel/pid_max}, the ones in use are the kernel's scheduling entities (every thread takes
 * an id), the denominator of the fourth field of {@code loadavg}.
 */
public final class ProcessIds {

    private final Path proc;

    public ProcessIds(Path proc) {
        this.proc = proc;
    }

    public Observation observe() throws IOException {
        long max = Long.parseLong(Files.readString(proc.resolve("sys/kernel/pid_max")).trim());
        return new Observation(Signal.PID_AVAILABLE, Math.max(0, max - inUse(Files.readString(proc.resolve("loadavg")))), max);
    }

    /** {@code 0.52 0.58 0.59 4/107 27374}: 107 entities exist. */
    static long inUse(String loadavg) throws IOException {
        String[] f = loadavg.trim().split("\\s+");
        int slash = f.length > 3 ? f[3].indexOf('/') : -1;
        if (slash < 0) {
            throw new IOException("unexpected /proc/loadavg: " + loadavg.trim());
        }
        try {
            return Long.parseLong(f[3].substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IOException("unexpected /proc/loadavg: " + loadavg.trim());
        }
    }
}
