package dev.orchestrator.kubelet.internal.probes;

import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.util.Optional;

/**
 * A probe's timings with Kubernetes' defaults filled in for fields that are absent or zero
 * (periodSeconds 10, timeoutSeconds 1, successThreshold 1, failureThreshold 3). Liveness and
 * startup probes use a success threshold of 1 whatever the spec says (the API rejects others).
 */
public record ProbeSettings(Duration initialDelay, Duration period, Duration timeout, int successThreshold,
                            int failureThreshold, Optional<Duration> terminationGracePeriod) {

    static ProbeSettings of(Probe p, ProbeKind kind) {
        int success = positiveOr(p.getSuccessThreshold(), 1);
        Long grace = p.getTerminationGracePeriodSeconds();
        return new ProbeSettings(Duration.ofSeconds(p.getInitialDelaySeconds() == null ? 0 : Math.max(0, p.getInitialDelaySeconds())),
                Duration.ofSeconds(positiveOr(p.getPeriodSeconds(), 10)),
                Duration.ofSeconds(positiveOr(p.getTimeoutSeconds(), 1)),
                kind == ProbeKind.READINESS ? success : 1,
                positiveOr(p.getFailureThreshold(), 3),
                grace == null || grace <= 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(grace)));
    }

    private static int positiveOr(Integer value, int fallback) {
        return value == null || value <= 0 ? fallback : value;
    }
}
