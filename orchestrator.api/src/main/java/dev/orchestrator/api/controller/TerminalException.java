package dev.orchestrator.api.controller;

/**
 * Thrown by {@link Reconciler#reconcile} when retrying cannot help: the runtime logs and counts it
 * and does not requeue the key until the next event for it. Any other exception is retried with
 * back-off.
 */
public class TerminalException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TerminalException(String message) {
        super(message);
    }

    public TerminalException(String message, Throwable cause) {
        super(message, cause);
    }
}
