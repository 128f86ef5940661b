package dev.orchestrator.api.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One value of a metric and the labels that tell it apart from the family's other values
 * (e.g. {@code kind=Pod}); labels are kept sorted by name. {@code suffix} is appended to the family's name
 * for this line: empty for counters and gauges, {@code _bucket}, {@code _sum} or {@code _count} in a histogram.
 *
 * @throws IllegalArgumentException when a label name is not a valid Prometheus label name, or the suffix is
 *                                  not one of those
 */
public record Sample(String suffix, Map<String, String> labels, double value) {

    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final java.util.Set<String> SUFFIXES = java.util.Set.of("", "_bucket", "_sum", "_count");

    /** A sample written under the family's own name. */
    public Sample(Map<String, String> labels, double value) {
        this("", labels, value);
    }

    public Sample {
        suffix = suffix == null ? "" : suffix;
        if (!SUFFIXES.contains(suffix)) {
            throw new IllegalArgumentException("not a sample suffix: " + suffix);
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        labels.forEach((name, v) -> {
            if (name == null || !LABEL.matcher(name).matches() || name.startsWith("__")) {
                throw new IllegalArgumentException("not a label name: " + name);
            }
            sorted.put(name, v == null ? "" : v);
        });
        labels = Collections.unmodifiableSortedMap(sorted);
    }

    /** A sample with one label. */
    public static Sample of(String label, String labelValue, double value) {
        return new Sample(Map.of(label, labelValue), value);
    }
}
