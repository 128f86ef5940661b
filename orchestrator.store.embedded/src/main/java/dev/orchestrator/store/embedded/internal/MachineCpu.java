package dev.orchestrator.store.embedded.internal;

import dev.orchestrator.support.proc.CpuTimes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Whether the machine's cores were nearly all busy lately, from the first line of {@code /proc/stat}, read at most
 * every 100 ms by the one thread that asks. Where that file cannot be read (not Linux), the cores count as busy, so
 * the caller keeps its throughput behaviour.
 */
final class MachineCpu implements BooleanSupplier {

    private final Path stat;
    private final double busyShare;
    private final long sampleNanos;
    private long sampledAt;
    private long lastBusy;
    private long lastTotal;
    private boolean busy = true;

    /**
     * @param busyShare   the share of all cores' time, 0 to 1, at and above which the machine counts as busy
     * @param sampleNanos the least time between two readings of {@code stat}
     */
    MachineCpu(Path stat, double busyShare, long sampleNanos) {
        this.stat = stat;
        this.busyShare = busyShare;
        this.sampleNanos = sampleNanos;
        this.sampledAt = System.nanoTime() - sampleNanos;
    }

    static MachineCpu linux() {
        return new MachineCpu(Path.of("/proc/stat"), 0.85, 100_000_000);
    }

    /** True when, since the previous sample, the cores were busy for at least the given share of their time. */
    @Override
    public boolean getAsBoolean() {
        long now = System.nanoTime();
        if (now - sampledAt >= sampleNanos) {
            sampledAt = now;
            sample();
        }
        return busy;
    }

    private void sample() {
        CpuTimes times;
        try {
            times = CpuTimes.read(stat);
        } catch (IOException | RuntimeException e) {
            busy = true;
            return;
        }
        long totalDelta = times.totalTicks() - lastTotal;
        if (lastTotal > 0 && totalDelta > 0) {
            busy = (times.busyTicks() - lastBusy) >= busyShare * totalDelta;
        }
        lastTotal = times.totalTicks();
        lastBusy = times.busyTicks();
    }
}
