package dev.orchestrator.store.restore;

/** A refusal the tool prints as one line (no stack trace) before it exits with status 1. */
final class ToolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ToolException(String message) {
        super(message);
    }
}
