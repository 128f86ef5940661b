package dev.orchestrator.api.metrics;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One metric family: a name ({@code orchestrator_informer_restarts_total}), its type, a help text
 * and one sample per label set.
 *
 * @throws IllegalArgumentException when the name is not a valid Prometheus metric name
 */
public record Metric(String name, Type type, String help, List<Sample> samples) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** How a scraper should read the values. */
    public enum Type {
        /** Only ever goes up (until the process restarts); names end with {@code _total}. */
        COUNTER,
        /** Goes up and down. */
        GAUGE,
        /**
         * Observations counted in cumulative buckets: samples with the suffix {@code _bucket} and a label
         * {@code le} (the bucket's upper bound, the last {@code +Inf}), one with {@code _sum} (of all observed
         * values) and one with {@code _count}, per label set.
         */
        HISTOGRAM
    }

    public Metric {
        Objects.requireNonNull(type, "type");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        help = help == null ? "" : help;
        samples = List.copyOf(samples);
    }

    /** A counter with these samples. */
    public static Metric counter(String name, String help, List<Sample> samples) {
        return new Metric(name, Type.COUNTER, help, samples);
    }
}
