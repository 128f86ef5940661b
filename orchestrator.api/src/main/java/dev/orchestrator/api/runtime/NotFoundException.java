package dev.orchestrator.api.runtime;

/** The runtime does not know the sandbox, container or image named in the call. */
public class NotFoundException extends ContainerRuntimeException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
