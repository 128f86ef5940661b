package dev.orchestrator.api.runtime;

/** The runtime could not be reached (its socket is gone, or it did not answer in time). */
public class RuntimeUnavailableException extends ContainerRuntimeException {
    private static final long serialVersionUID = 1L;

    public RuntimeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
