package dev.orchestrator.api.store;

/** The requested revision has been compacted away (the API server answers 410 Gone). */
public class ExpiredException extends StoreException {
    private static final long serialVersionUID = 1L;

    public ExpiredException(String message) {
        super(message);
    }

    public ExpiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
