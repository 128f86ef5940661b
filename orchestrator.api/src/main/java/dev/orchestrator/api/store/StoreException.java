package dev.orchestrator.api.store;

/** Base of every error a {@link Store} reports. Unchecked; a failed write changed nothing. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
