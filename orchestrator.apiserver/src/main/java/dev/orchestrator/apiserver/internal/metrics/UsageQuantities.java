package dev.orchestrator.apiserver.internal.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Usage figures written as the metrics API writes them, so clients that compare strings see what metrics-server
 * would send: CPU as a decimal quantity of nano-cores in its canonical form ({@code 123456789n}, {@code 500m},
 * {@code 2}), memory as a binary quantity of bytes ({@code 12Mi}, {@code 1536}), windows as Go durations
 * ({@code 10s}, {@code 1m30s}).
 */
public final class UsageQuantities {

    private static final String[] DECIMAL_SUFFIXES = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
    private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final BigDecimal BILLION = BigDecimal.valueOf(1_000_000_000L);

    private UsageQuantities() {
    }

    /** CPU from nano-cores: the largest suffix that keeps the number whole ({@code 1500000} → {@code 1500u}). */
    public static String cpu(long nanoCores) {
        return decimal(nanoCores, 0);
    }

    /** CPU from cores (a sum read back from quantities), to the nano-core. */
    public static String cpu(BigDecimal cores) {
        return cpu(cores.multiply(BILLION).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    /**
     * Memory from bytes. Kubernetes writes a binary quantity below 1024 (and any value with a fraction) in decimal
     * form, so 1000 bytes read {@code 1k}; from 1024 on, the largest power-of-1024 suffix that keeps it whole.
     */
    public static String memory(long bytes) {
        if (Math.abs(bytes) < 1024) {
            return decimal(bytes, 3);
        }
        long mantissa = bytes;
        int exponent = 0;
        while (mantissa % 1024 == 0 && exponent < BINARY_SUFFIXES.length - 1) {
            mantissa /= 1024;
            exponent++;
        }
        return mantissa + BINARY_SUFFIXES[exponent];
    }

    /** Memory from a byte count read back from quantities (whole bytes). */
    public static String memory(BigDecimal bytes) {
        return memory(bytes.setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    /**
     * A non-negative duration as Go prints one: {@code 10s}, {@code 1.5s}, {@code 1m30s}, {@code 2h0m0s},
     * {@code 250ms}, {@code 0s} (below a second always in milliseconds, where Go would also use µs and ns).
     */
    public static String goDuration(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return "0s";
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return BigDecimal.valueOf(d.toNanos(), 6).stripTrailingZeros().toPlainString() + "ms";
        }
        long hours = d.toHours();
        long minutes = d.toMinutesPart();
        BigDecimal seconds = BigDecimal.valueOf(d.toSecondsPart()).add(BigDecimal.valueOf(d.toNanosPart(), 9))
                .stripTrailingZeros();
        String s = seconds.signum() == 0 ? "0" : seconds.toPlainString();
        if (hours > 0) {
            return hours + "h" + minutes + "m" + s + "s";
        }
        return minutes > 0 ? minutes + "m" + s + "s" : s + "s";
    }

    /** {@code value × 1000^(index − 3)} written with the largest suffix that keeps the number whole. */
    private static String decimal(long value, int index) {
        if (value == 0) {
            return "0";
        }
        long mantissa = value;
        int i = index;
        while (mantissa % 1000 == 0 && i < DECIMAL_SUFFIXES.length - 1) {
            mantissa /= 1000;
            i++;
        }
        return mantissa + DECIMAL_SUFFIXES[i];
    }
}
