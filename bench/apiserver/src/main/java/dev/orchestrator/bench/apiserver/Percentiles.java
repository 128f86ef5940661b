package dev.orchestrator.bench.apiserver;

import java.util.Arrays;

/** Latency percentiles of a sample of nanosecond durations, in milliseconds. */
final class Percentiles {

    private final long[] sorted;

    Percentiles(long[] samples, int count) {
        this.sorted = Arrays.copyOf(samples, count);
        Arrays.sort(this.sorted);
    }

    double ms(double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(percentile / 100 * sorted.length) - 1));
        return sorted[index] / 1e6;
    }

    int count() {
        return sorted.length;
    }
}
