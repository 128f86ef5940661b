package dev.orchestrator.api.store;

/** The requested revision is newer than the newest write in the store. */
public class FutureRevisionException extends StoreException {
    private static final long serialVersionUID = 1L;

    public FutureRevisionException(String message) {
        super(message);
    }

    public FutureRevisionException(String message, Throwable cause) {
        super(message, cause);
    }
}
