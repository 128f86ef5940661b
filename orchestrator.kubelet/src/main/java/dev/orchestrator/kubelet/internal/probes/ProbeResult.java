package dev.orchestrator.kubelet.internal.probes;

/**
 * One probe run: success, failure (the container answered wrongly or not at all) or error (the
 * probe could not be run, e.g. the runtime refused the exec); an error counts as a failure, as
 * in Kubernetes, but its event says "errored".
 */
public record ProbeResult(Outcome outcome, String message) {

    /** How a probe run ended. */
    public enum Outcome { SUCCESS, FAILURE, ERROR }

    static ProbeResult success() {
        return new ProbeResult(Outcome.SUCCESS, "");
    }

    static ProbeResult failure(String message) {
        return new ProbeResult(Outcome.FAILURE, message);
    }

    static ProbeResult error(String message) {
        return new ProbeResult(Outcome.ERROR, message);
    }

    boolean passed() {
        return outcome == Outcome.SUCCESS;
    }
}
