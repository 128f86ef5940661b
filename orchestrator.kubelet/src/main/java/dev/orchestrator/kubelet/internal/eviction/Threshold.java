package dev.orchestrator.kubelet.internal.eviction;

import java.time.Duration;

/**
 * One eviction threshold: the signal is met when what is available falls below a quantity
 * ({@code memory.available<100Mi}) or a percentage of the capacity ({@code nodefs.available<10%}).
 * A hard threshold (no grace period) is acted upon at once; a soft one only once it has been met
 * for its whole grace period.
 *
 * @param quantity the minimum available amount (bytes, or a count), when given as a quantity
 * @param percentage the minimum available share of the capacity (0 < p ≤ 100), when given as a percentage
 * @param text how the value was written, for logs
 */
public record Threshold(Signal signal, long quantity, double percentage, String text, Duration gracePeriod) {

    public Threshold {
        if ((quantity > 0) == (percentage > 0)) {
            throw new IllegalArgumentException("a threshold is a quantity or a percentage: " + text);
        }
    }

    public static Threshold ofQuantity(Signal signal, long quantity, String text) {
        return new Threshold(signal, quantity, 0, text, Duration.ZERO);
    }

    public static Threshold ofPercentage(Signal signal, double percentage, String text) {
        return new Threshold(signal, 0, percentage, text, Duration.ZERO);
    }

    /** The same threshold as a soft one with this grace period. */
    public Threshold soft(Duration grace) {
        return new Threshold(signal, quantity, percentage, text, grace);
    }

    public boolean hard() {
        return gracePeriod.isZero();
    }

    /** The amount below which the signal is met, for a resource of this capacity. */
    public long minimum(long capacity) {
        return quantity > 0 ? quantity : (long) (capacity * percentage / 100);
    }

    /** Whether the observation is below this threshold. */
    public boolean metBy(Observation o) {
        return o.available() < minimum(o.capacity());
    }

    @Override
    public String toString() {
        return signal.key() + "<" + text + (hard() ? "" : " for " + gracePeriod);
    }
}
