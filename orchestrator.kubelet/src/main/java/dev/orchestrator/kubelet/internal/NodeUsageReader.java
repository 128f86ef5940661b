package dev.orchestrator.kubelet.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine's own CPU time and memory working set from {@code /proc}: the node's usage for the Summary
 * API and {@code kubectl top nodes}. CPU time counts every non-idle state of every CPU; the working set is
 * the memory the kernel could not hand out without reclaiming ({@code MemTotal - MemAvailable}).
 */
final class NodeUsageReader {

    /** USER_HZ, the unit of {@code /proc/stat}; 100 on every Linux architecture we run on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final Path proc;

    NodeUsageReader(Path proc) {
        this.proc = proc;
    }

    /** Cumulative non-idle CPU time of all CPUs, in nanoseconds; -1 when it cannot be read. */
    long cpuNanoSeconds() {
        try {
            for (String line : Files.readAllLines(proc.resolve("stat"))) {
                if (line.startsWith("cpu ")) {
                    return cpuNanoSeconds(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: the node then reports no CPU usage
        }
        return -1;
    }

    /** {@code cpu  user nice system idle iowait irq softirq steal ...}: everything but idle and iowait. */
    static long cpuNanoSeconds(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long ticks = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            if (i != 4 && i != 5) {
                ticks += Long.parseLong(f[i]);
            }
        }
        return ticks * NANOS_PER_TICK;
    }

    /** Memory in use that cannot be reclaimed easily, in bytes; -1 when it cannot be read. */
    long memoryWorkingSetBytes() {
        try {
            return workingSet(Files.readAllLines(proc.resolve("meminfo")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long workingSet(List<String> meminfo) {
        long total = -1;
        long available = -1;
        for (String line : meminfo) {
            if (line.startsWith("MemTotal:")) {
                total = kib(line);
            } else if (line.startsWith("MemAvailable:")) {
                available = kib(line);
            }
        }
        return total < 0 || available < 0 ? -1 : (total - available) * 1024;
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
