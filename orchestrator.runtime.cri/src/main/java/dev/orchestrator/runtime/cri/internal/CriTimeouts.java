package dev.orchestrator.runtime.cri.internal;

import java.time.Duration;

/**
 * How long CRI calls may take.
 *
 * @param call most calls
 * @param pull image pulls
 * @param extra added to a stop's grace period or an exec's command timeout for the call's own deadline
 */
record CriTimeouts(Duration call, Duration pull, Duration extra) {

    static CriTimeouts of(CriRuntimeConfig config) {
        return new CriTimeouts(Duration.ofSeconds(positive(config.callTimeoutSeconds(), "callTimeoutSeconds")),
                Duration.ofSeconds(positive(config.pullTimeoutSeconds(), "pullTimeoutSeconds")),
                Duration.ofSeconds(Math.max(0, config.stopTimeoutExtraSeconds())));
    }

    private static int positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }

    /** Whole seconds, rounded up: CRI takes seconds, and a grace period must never shrink. */
    static long ceilSeconds(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return 0;
        }
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }

    /** Calls that stop processes (sandbox stop and remove): the usual limit plus the extra. */
    Duration slow() {
        return call.plus(extra);
    }

    /** The deadline of a call that itself waits up to {@code seconds}. */
    Duration beyond(long seconds) {
        return Duration.ofSeconds(seconds).plus(extra).plus(Duration.ofSeconds(1));
    }
}
