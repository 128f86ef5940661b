package dev.orchestrator.api.proxy;

/** The kernel (or the tool in front of it) refused a sync; the previous rules are still in place. */
public class ProxySyncException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProxySyncException(String message) {
        super(message);
    }

    public ProxySyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
