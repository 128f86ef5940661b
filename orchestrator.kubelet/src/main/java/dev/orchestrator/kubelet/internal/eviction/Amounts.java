package dev.orchestrator.kubelet.internal.eviction;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Amounts as Kubernetes writes them in eviction messages (its canonical quantity form: the largest
 * suffix that divides the amount exactly, {@code 80Mi}, {@code 81921Ki}, {@code 1000001}), and the
 * requests and limits of pods and containers in whole units.
 */
public final class Amounts {

    private static final String[] BINARY = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final String[] DECIMAL = {"k", "M", "G", "T", "P", "E"};

    private Amounts() {
    }

    /** Bytes with a binary suffix ({@code 100Mi}), a count with a decimal one ({@code 5k}). */
    public static String format(long amount, Signal.Unit unit) {
        return unit == Signal.Unit.BYTES ? canonical(amount, 1024, BINARY) : canonical(amount, 1000, DECIMAL);
    }

    /**
     * A quantity in its canonical form, keeping its family: binary suffixes stay binary
     * ({@code 1024Ki} → {@code 1Mi}), anything else is decimal ({@code 1000k} → {@code 1M}).
     */
    public static String format(Quantity q) {
        long units = q.getNumericalAmount().setScale(0, RoundingMode.CEILING).longValueExact();
        String suffix = q.getFormat() == null ? "" : q.getFormat();
        return java.util.Arrays.asList(BINARY).contains(suffix) ? canonical(units, 1024, BINARY)
                : canonical(units, 1000, DECIMAL);
    }

    private static String canonical(long amount, long base, String[] suffixes) {
        if (amount == 0) {
            return "0";
        }
        long value = amount;
        int suffix = -1;
        while (suffix + 1 < suffixes.length && value % base == 0) {
            value /= base;
            suffix++;
        }
        return value + (suffix < 0 ? "" : suffixes[suffix]);
    }

    /** A container's request of a resource in whole units; 0 when it has none. */
    public static long request(Container c, String resource) {
        return c.getResources() == null ? 0 : units(c.getResources().getRequests(), resource);
    }

    /** A container's limit of a resource in whole units; 0 when it has none. */
    public static long limit(Container c, String resource) {
        return c.getResources() == null ? 0 : units(c.getResources().getLimits(), resource);
    }

    /**
     * A pod's request of a resource as the scheduler counts it: the sum of its app containers',
     * or the largest init container's if that is more (init containers run one at a time, before).
     */
    public static long podRequest(Pod pod, String resource) {
        long apps = pod.getSpec().getContainers().stream().mapToLong(c -> request(c, resource)).sum();
        long init = pod.getSpec().getInitContainers().stream().mapToLong(c -> request(c, resource)).max().orElse(0);
        return Math.max(apps, init);
    }

    private static long units(Map<String, Quantity> amounts, String resource) {
        Quantity q = amounts == null ? null : amounts.get(resource);
        if (q == null) {
            return 0;
        }
        try {
            return q.getNumericalAmount().setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (RuntimeException e) {
            return 0; // the API server validated it; an amount beyond a long is no request worth ranking by
        }
    }
}
