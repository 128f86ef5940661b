package dev.orchestrator.apiserver.internal.encryption;

import dev.orchestrator.api.store.StoreException;

/**
 * A stored value that the encryption configuration cannot read: written with a key the configuration no longer
 * lists, or not decrypting with the key of that name. A misconfiguration of the server, never the client's fault:
 * the API server answers 500 and never serves the bytes.
 */
public final class UnreadableValueException extends StoreException {
    private static final long serialVersionUID = 1L;

    UnreadableValueException(String message) {
        super(message);
    }

    UnreadableValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
