package dev.orchestrator.kubelet.internal;

import java.time.Duration;

/**
 * Kubernetes' restart back-off for crashing containers: the first restart at once, then 10 s
 * doubling up to 5 minutes; a container that ran for 10 minutes starts the count over. Computed
 * from the runtime's record of the last run (restart count, start and finish), so it survives a
 * kubelet restart instead of living in memory.
 */
final class RestartBackoff {

    static final Duration INITIAL = Duration.ofSeconds(10);
    static final Duration MAX = Duration.ofMinutes(5);
    static final Duration RESET_AFTER = Duration.ofMinutes(10);

    private RestartBackoff() {
    }

    /**
     * @param restarts how often the container was restarted so far (the pod's restartCount)
     * @param ranFor how long its last run lasted
     * @return how long after its exit the next start may happen
     */
    static Duration delay(int restarts, Duration ranFor) {
        if (restarts <= 0 || ranFor.compareTo(RESET_AFTER) >= 0) {
            return Duration.ZERO;
        }
        int doublings = Math.min(restarts - 1, 10);
        Duration d = INITIAL.multipliedBy(1L << doublings);
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
