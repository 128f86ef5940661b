package dev.orchestrator.support.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's CPU time from the aggregate {@code cpu} line of {@code /proc/stat}, in jiffies (USER_HZ). Busy time
 * is every state but idle and iowait (a core waiting for the disk is free to run another thread); guest time is
 * already counted in user and nice, so only the first eight fields count.
 */
public record CpuTimes(long busyTicks, long totalTicks) {

    /** USER_HZ, the unit of {@code /proc/stat}: 100 on every Linux architecture we run on. */
    public static final long NANOS_PER_TICK = 10_000_000L;

    /** Reads {@code stat} (normally {@code /proc/stat}); its first line is the aggregate one. */
    public static CpuTimes read(Path stat) throws IOException {
        String text = Files.readString(stat);
        int end = text.indexOf('\n');
        return parse(end < 0 ? text : text.substring(0, end));
    }

    /** {@code cpu  user nice system idle iowait irq softirq steal guest guest_nice}; at least up to idle. */
    public static CpuTimes parse(String cpuLine) {
        String[] fields = cpuLine.trim().split("\\s+");
        if (!fields[0].equals("cpu") || fields.length < 5) {
            throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + cpuLine);
        }
        long busy = 0;
        long total = 0;
        for (int i = 1; i < fields.length && i <= 8; i++) {
            long ticks = Long.parseLong(fields[i]);
            total += ticks;
            if (i != 4 && i != 5) {
                busy += ticks;
            }
        }
        return new CpuTimes(busy, total);
    }

    public long busyNanos() {
        return busyTicks * NANOS_PER_TICK;
    }
}
