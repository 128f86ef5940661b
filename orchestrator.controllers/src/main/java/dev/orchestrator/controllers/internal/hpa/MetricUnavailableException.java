package dev.orchestrator.controllers.internal.hpa;

/** A metric could not be computed (no pods, no metrics, missing requests): the HPA reports it and does not scale on it. */
final class MetricUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MetricUnavailableException(String message) {
        super(message);
    }
}
