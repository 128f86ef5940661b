package dev.orchestrator.controllers.internal.hpa;

/** The HPA's target cannot be read through a scale subresource (unknown kind, no scale, not found). */
final class ScaleUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ScaleUnavailableException(String message) {
        super(message);
    }
}
