package dev.orchestrator.api.store;

/** A watcher fell so far behind that the store ended its watch rather than slow down writers. */
public class WatchOverflowException extends StoreException {
    private static final long serialVersionUID = 1L;

    public WatchOverflowException(String message) {
        super(message);
    }

    public WatchOverflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
