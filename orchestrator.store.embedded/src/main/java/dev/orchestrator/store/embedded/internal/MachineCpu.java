package dev.orchestrator.store.embedded.internal;

import java.io.IOException;
import java.nio.file.Files;
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
        long[] times;
        try {
            times = times(firstLine(stat));
        } catch (IOException | RuntimeException e) {
            busy = true;
            return;
        }
        long total = 0;
        for (long t : times) {
            total += t;
        }
        // idle and iowait: a core waiting for the disk is free to run another thread
        long idle = times[3] + (times.length > 4 ? times[4] : 0);
        long busyTime = total - idle;
        long totalDelta = total - lastTotal;
        if (lastTotal > 0 && totalDelta > 0) {
            busy = (busyTime - lastBusy) >= busyShare * totalDelta;
        }
        lastTotal = total;
        lastBusy = busyTime;
    }

    private static String firstLine(Path file) throws IOException {
        String text = Files.readString(file);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    /**
     * The jiffies of the aggregate {@code cpu} line: user, nice, system, idle, iowait, irq, softirq, steal; guest
     * time is already counted in user and nice, so it is left out.
     */
    static long[] times(String cpuLine) {
        String[] fields = cpuLine.trim().split("\\s+");
        if (!fields[0].equals("cpu") || fields.length < 5) {
            throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + cpuLine);
        }
        int count = Math.min(fields.length - 1, 8);
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            times[i] = Long.parseLong(fields[i + 1]);
        }
        return times;
    }
}
