package dev.orchestrator.kubelet.internal;

import java.time.Duration;

/**
 * A container cannot start yet: its status shows {@code waiting} with this reason and message
 * (ErrImagePull, ImagePullBackOff, CreateContainerConfigError, CreateContainerError,
 * RunContainerError, CrashLoopBackOff…), and the pod is synced again after {@code retryAfter}.
 */
final class ContainerWaiting extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final transient Duration retryAfter;

    ContainerWaiting(String reason, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    String reason() {
        return reason;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
