package dev.orchestrator.bench.store;

import java.util.Arrays;

/** Collects latencies (nanoseconds) from one thread; merge several for percentiles. */
final class LatencyRecorder {

    private long[] samples = new long[1 << 16];
    private int size;

    void record(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    int size() {
        return size;
    }

    static Percentiles merge(Iterable<LatencyRecorder> recorders) {
        int total = 0;
        for (LatencyRecorder r : recorders) {
            total += r.size;
        }
        long[] all = new long[total];
        int at = 0;
        for (LatencyRecorder r : recorders) {
            System.arraycopy(r.samples, 0, all, at, r.size);
            at += r.size;
        }
        Arrays.sort(all);
        return new Percentiles(all);
    }

    /** Percentiles of a sorted sample, in milliseconds. */
    record Percentiles(long[] sorted) {
        double ms(double percentile) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }

        int count() {
            return sorted.length;
        }
    }
}
