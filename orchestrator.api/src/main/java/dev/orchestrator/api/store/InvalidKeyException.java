package dev.orchestrator.api.store;

/** A key is malformed: empty, not starting with '/', too long or holding control characters. */
public class InvalidKeyException extends StoreException {
    private static final long serialVersionUID = 1L;

    public InvalidKeyException(String message) {
        super(message);
    }

    public InvalidKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
