package dev.orchestrator.support.metrics;

import dev.orchestrator.api.metrics.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durations counted in fixed buckets, for a Prometheus histogram in seconds: lock-free to observe from many
 * threads, read as cumulative {@code _bucket} samples plus {@code _sum} and {@code _count}.
 */
public final class LatencyHistogram {

    /** Upper bounds in seconds: 1 ms to 60 s, roughly ×2.5 apart (what a reconcile or an API call takes). */
    public static final double[] DEFAULT_BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
            5, 10, 30, 60};

    private final double[] bounds;
    private final LongAdder[] counts;
    private final LongAdder count = new LongAdder();
    private final LongAdder sumNanos = new LongAdder();

    public LatencyHistogram() {
        this(DEFAULT_BOUNDS);
    }

    public LatencyHistogram(double[] boundsSeconds) {
        this.bounds = boundsSeconds.clone();
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must increase");
            }
        }
        this.counts = new LongAdder[bounds.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void observeNanos(long nanos) {
        double seconds = Math.max(0, nanos) / 1e9;
        for (int i = 0; i < bounds.length; i++) {
            if (seconds <= bounds[i]) {
                counts[i].increment();
                break;
            }
        }
        count.increment();
        sumNanos.add(Math.max(0, nanos));
    }

    public long count() {
        return count.sum();
    }

    /** The histogram's samples with these labels (besides {@code le} on the buckets). */
    public List<Sample> samples(Map<String, String> labels) {
        List<Sample> samples = new ArrayList<>(bounds.length + 3);
        long total = count.sum();
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
            cumulative += counts[i].sum();
            samples.add(new Sample("_bucket", withLe(labels, label(bounds[i])), Math.min(cumulative, total)));
        }
        samples.add(new Sample("_bucket", withLe(labels, "+Inf"), total));
        samples.add(new Sample("_sum", labels, sumNanos.sum() / 1e9));
        samples.add(new Sample("_count", labels, total));
        return samples;
    }

    private static Map<String, String> withLe(Map<String, String> labels, String le) {
        Map<String, String> copy = new HashMap<>(labels);
        copy.put("le", le);
        return copy;
    }

    /** A bound as Prometheus' Go client writes it: {@code 1}, {@code 0.25}, {@code 0.0001} (never {@code 1.0E-4}). */
    private static String label(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound)
                : java.math.BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
    }
}
