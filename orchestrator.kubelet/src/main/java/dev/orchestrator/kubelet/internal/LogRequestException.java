package dev.orchestrator.kubelet.internal;

/**
 * A log request the kubelet cannot serve, with the HTTP code to answer and Kubernetes' wording
 * (the API server passes both on to the client).
 */
final class LogRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int code;

    LogRequestException(int code, String message) {
        super(message);
        this.code = code;
    }
}
