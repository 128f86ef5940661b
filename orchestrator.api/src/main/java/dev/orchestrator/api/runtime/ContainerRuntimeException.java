package dev.orchestrator.api.runtime;

/** A runtime call failed; the message is the runtime's own, fit to show in a pod's status. */
public class ContainerRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ContainerRuntimeException(String message) {
        super(message);
    }

    public ContainerRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
