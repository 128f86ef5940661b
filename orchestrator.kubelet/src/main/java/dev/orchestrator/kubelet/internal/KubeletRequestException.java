package dev.orchestrator.kubelet.internal;

/**
 * A request to the kubelet's HTTP endpoint it cannot serve, with the HTTP code to answer and Kubernetes' wording
 * (the API server passes both on to the client).
 */
final class KubeletRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int code;

    KubeletRequestException(int code, String message) {
        super(message);
        this.code = code;
    }
}
