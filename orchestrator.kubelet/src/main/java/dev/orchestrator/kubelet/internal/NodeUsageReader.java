package dev.orchestrator.kubelet.internal;

import dev.orchestrator.support.proc.CpuTimes;
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

    private final Path proc;

    NodeUsageReader(Path proc) {
        this.proc = proc;
    }

    /** Cumulative non-idle CPU time of all CPUs, in nanoseconds; -1 when it cannot be read. */
    long cpuNanoSeconds() {
        try {
            return CpuTimes.read(proc.resolve("stat")).busyNanos();
        } catch (IOException | RuntimeException e) {
            return -1; // the node then reports no CPU usage
        }
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
