package dev.orchestrator.api.store;

/** A value is empty or larger than the store's configured limit. */
public class InvalidValueException extends StoreException {
    private static final long serialVersionUID = 1L;

    public InvalidValueException(String message) {
        super(message);
    }

    public InvalidValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
