package dev.orchestrator.api.store;

/** A compare-and-swap write found the key at another revision than expected. */
public class ConflictException extends StoreException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
