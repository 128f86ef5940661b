package dev.orchestrator.kubelet.internal.eviction;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads eviction thresholds in the kubelet's own syntax: {@code memory.available<100Mi,nodefs.available<10%}
 * (only {@code <} exists), soft grace periods as {@code memory.available=1m30s}, and Go durations
 * ({@code 300ms}, {@code 10s}, {@code 1m30s}, {@code 1.5h}). Every mistake is an
 * {@link IllegalArgumentException} whose message names the entry and what is wrong with it.
 */
public final class ThresholdParser {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private ThresholdParser() {
    }

    /** Thresholds of a list such as {@code memory.available<100Mi,nodefs.available<10%}; empty text: none. */
    public static List<Threshold> thresholds(String text) {
        Map<Signal, Threshold> bySignal = new LinkedHashMap<>();
        for (String entry : entries(text)) {
            int lt = entry.indexOf('<');
            if (lt <= 0) {
                throw new IllegalArgumentException("'" + entry + "' is not <signal><<value> (e.g. memory.available<100Mi; "
                        + "only '<' is supported)");
            }
            String key = entry.substring(0, lt).trim();
            Signal signal = Signal.byKey(key).orElseThrow(() -> new IllegalArgumentException("unknown eviction signal '"
                    + key + "' in '" + entry + "' (known: " + known() + ")"));
            if (bySignal.containsKey(signal)) {
                throw new IllegalArgumentException("signal " + key + " has two thresholds");
            }
            threshold(signal, entry.substring(lt + 1).trim(), entry).ifPresent(t -> bySignal.put(signal, t));
        }
        return List.copyOf(bySignal.values());
    }

    /** A value of 0 or 0% turns the signal's threshold off, as in Kubernetes. */
    private static Optional<Threshold> threshold(Signal signal, String value, String entry) {
        if (value.endsWith("%")) {
            double percent;
            try {
                percent = Double.parseDouble(value.substring(0, value.length() - 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value + "' in '" + entry + "' is not a percentage");
            }
            if (percent < 0 || percent > 100 || Double.isNaN(percent)) {
                throw new IllegalArgumentException("percentage " + value + " in '" + entry + "' is not between 0% and 100%");
            }
            return percent == 0 ? Optional.empty() : Optional.of(Threshold.ofPercentage(signal, percent, value));
        }
        BigDecimal amount;
        try {
            amount = new Quantity(value).getNumericalAmount();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + value + "' in '" + entry + "' is not a quantity (e.g. 100Mi) or a percentage");
        }
        if (value.isEmpty() || amount.signum() < 0) {
            throw new IllegalArgumentException("'" + value + "' in '" + entry + "' must be a quantity of at least 0");
        }
        long units = amount.setScale(0, RoundingMode.CEILING).longValueExact();
        return units == 0 ? Optional.empty() : Optional.of(Threshold.ofQuantity(signal, units, value));
    }

    /**
     * The soft thresholds with their grace periods ({@code memory.available=1m30s,…}): every soft
     * threshold needs one, and a grace period needs its soft threshold.
     */
    public static List<Threshold> softThresholds(String thresholds, String gracePeriods) {
        List<Threshold> soft = thresholds(thresholds);
        Map<Signal, Duration> graces = new LinkedHashMap<>();
        for (String entry : entries(gracePeriods)) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + entry + "' is not <signal>=<duration> (e.g. memory.available=1m30s)");
            }
            String key = entry.substring(0, eq).trim();
            Signal signal = Signal.byKey(key).orElseThrow(() -> new IllegalArgumentException("unknown eviction signal '"
                    + key + "' in '" + entry + "' (known: " + known() + ")"));
            Duration grace = duration(entry.substring(eq + 1).trim());
            if (grace.isZero()) {
                throw new IllegalArgumentException("the grace period of soft threshold " + key + " must be positive");
            }
            graces.put(signal, grace);
        }
        List<Threshold> result = new ArrayList<>();
        for (Threshold t : soft) {
            Duration grace = graces.remove(t.signal());
            if (grace == null) {
                throw new IllegalArgumentException("soft threshold " + t + " has no grace period in evictionSoftGracePeriod");
            }
            result.add(t.soft(grace));
        }
        if (!graces.isEmpty()) {
            throw new IllegalArgumentException("grace periods without a soft threshold: " + graces.keySet().stream()
                    .map(Signal::key).toList());
        }
        return List.copyOf(result);
    }

    /** A Go duration: one or more number-unit pairs ({@code 1m30s}), or {@code 0}. */
    public static Duration duration(String text) {
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION_PART.matcher(s);
        int at = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (at < s.length() && m.find(at) && m.start() == at) {
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPer(m.group(2)))));
            at = m.end();
        }
        if (s.isEmpty() || at != s.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 10s, 1m30s, 5m)");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    private static long nanosPer(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }

    private static List<String> entries(String text) {
        List<String> entries = new ArrayList<>();
        for (String e : text.split(",")) {
            if (!e.isBlank()) {
                entries.add(e.trim());
            }
        }
        return entries;
    }

    private static String known() {
        return String.join(", ", Arrays.stream(Signal.values()).map(Signal::key).toList());
    }
}
