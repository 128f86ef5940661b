package dev.orchestrator.kubelet.internal;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Resource quantity arithmetic the kubelet needs: allocatable = capacity − reserved, CPU in millicores. */
final class Quantities {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private Quantities() {
    }

    /** {@code a − b}, never below zero, as whole bytes or millicores (CPU when either has an "m" or is fractional). */
    static Quantity minus(Quantity a, Quantity b) {
        BigDecimal rest = a.getNumericalAmount().subtract(b.getNumericalAmount()).max(BigDecimal.ZERO);
        if (rest.stripTrailingZeros().scale() <= 0) {
            return new Quantity(rest.setScale(0, RoundingMode.DOWN).toPlainString());
        }
        return new Quantity(rest.multiply(THOUSAND).setScale(0, RoundingMode.DOWN).toPlainString() + "m");
    }

    /** A quantity in thousandths (CPU millicores), rounded up as Kubernetes does for CPU. */
    static long millis(Quantity q) {
        return q.getNumericalAmount().multiply(THOUSAND).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** A quantity in whole units (bytes for memory), rounded up. */
    static long units(Quantity q) {
        return q.getNumericalAmount().setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
