package dev.orchestrator.api.store;

/** A create found the key already present. */
public class KeyExistsException extends StoreException {
    private static final long serialVersionUID = 1L;

    public KeyExistsException(String message) {
        super(message);
    }

    public KeyExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
