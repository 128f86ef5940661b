package dev.orchestrator.kubelet.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * CPU and memory of one container, pod or node at one moment, as the Summary API reports them: the
 * cumulative CPU time, the CPU rate over the window since the reading before (empty for a first
 * reading), and the memory working set.
 */
record CpuMemoryUsage(Instant time, long cpuCoreNanoSeconds, OptionalLong cpuNanoCores, long memoryWorkingSetBytes) {

    /** A reading that follows {@code previous}, with the rate between them (none when the counter went back). */
    static CpuMemoryUsage after(CpuMemoryUsage previous, Instant time, long cpuCoreNanoSeconds, long workingSetBytes) {
        return new CpuMemoryUsage(time, cpuCoreNanoSeconds, rate(previous, time, cpuCoreNanoSeconds), workingSetBytes);
    }

    static CpuMemoryUsage first(Instant time, long cpuCoreNanoSeconds, long workingSetBytes) {
        return new CpuMemoryUsage(time, cpuCoreNanoSeconds, OptionalLong.empty(), workingSetBytes);
    }

    private static OptionalLong rate(CpuMemoryUsage previous, Instant time, long cpuCoreNanoSeconds) {
        if (previous == null) {
            return OptionalLong.empty();
        }
        long elapsed = Duration.between(previous.time, time).toNanos();
        long used = cpuCoreNanoSeconds - previous.cpuCoreNanoSeconds;
        if (elapsed <= 0 || used < 0) {
            return OptionalLong.empty(); // a restarted container's counter starts again from zero
        }
        // nanoseconds of CPU per second of wall time, in nano-cores: used / elapsed cores
        return OptionalLong.of((long) (used * 1e9 / elapsed));
    }

    /** The sum of several readings taken together (a pod's containers); a rate only when every part has one. */
    static CpuMemoryUsage sum(Iterable<CpuMemoryUsage> parts) {
        Instant time = null;
        long cpu = 0;
        long memory = 0;
        long rate = 0;
        boolean rated = true;
        for (CpuMemoryUsage p : parts) {
            time = time == null || p.time.isAfter(time) ? p.time : time;
            cpu += p.cpuCoreNanoSeconds;
            memory += p.memoryWorkingSetBytes;
            if (p.cpuNanoCores.isPresent()) {
                rate += p.cpuNanoCores.getAsLong();
            } else {
                rated = false;
            }
        }
        return new CpuMemoryUsage(time == null ? Instant.now() : time, cpu, rated && time != null
                ? OptionalLong.of(rate) : OptionalLong.empty(), memory);
    }
}
