package dev.orchestrator.runtime.docker.internal;

import java.time.Duration;

/**
 * How long Docker calls may take: ordinary calls, pulls, and the extra allowed beyond a call's own time (a stop's
 * grace period, an exec's timeout).
 */
record DockerTimeouts(Duration call, Duration pull, Duration extra) {

    static DockerTimeouts of(DockerRuntimeConfig c) {
        return new DockerTimeouts(Duration.ofSeconds(c.callTimeoutSeconds()), Duration.ofSeconds(c.pullTimeoutSeconds()),
                Duration.ofSeconds(c.stopTimeoutExtraSeconds()));
    }

    /** {@code seconds} plus the extra. */
    Duration beyond(long seconds) {
        return Duration.ofSeconds(seconds).plus(extra);
    }

    /** Whole seconds, rounded up; zero or negative stays 0. */
    static long ceilSeconds(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            return 0;
        }
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }
}
