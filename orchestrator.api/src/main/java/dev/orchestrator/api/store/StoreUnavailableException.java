package dev.orchestrator.api.store;

/** The store cannot serve the request now (closed, or its backend unreachable); retrying later may succeed. */
public class StoreUnavailableException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
