package dev.orchestrator.store.backup;

/** A snapshot file that cannot be trusted: the message names what is wrong and where. */
public final class CorruptSnapshotException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CorruptSnapshotException(String message) {
        super(message);
    }
}
