package dev.orchestrator.support.leader;

import java.time.Duration;
import java.util.Objects;

/**
 * Leader election of one component: on or off, the Lease's namespace and name, and fabric8's
 * timings (a lease is valid for {@code leaseDuration} without renewal; the leader gives up after
 * failing to renew for {@code renewDeadline}; candidates try every {@code retryPeriod}).
 */
public record LeaseSettings(boolean enabled, String namespace, String name, Duration leaseDuration,
                            Duration renewDeadline, Duration retryPeriod) {

    public LeaseSettings {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(renewDeadline, "renewDeadline");
        Objects.requireNonNull(retryPeriod, "retryPeriod");
        if (enabled && (name.isBlank() || namespace.isBlank())) {
            throw new IllegalArgumentException("leader election needs a lease namespace and name");
        }
    }

    /** Settings in seconds, as the components' configurations hold them. */
    public static LeaseSettings ofSeconds(boolean enabled, String namespace, String name, int leaseDuration,
                                          int renewDeadline, int retryPeriod) {
        return new LeaseSettings(enabled, namespace, name, Duration.ofSeconds(leaseDuration),
                Duration.ofSeconds(renewDeadline), Duration.ofSeconds(retryPeriod));
    }
}
