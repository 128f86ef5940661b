package dev.orchestrator.api.runtime;

/**
 * Readiness of a runtime and of its pod network; the messages say why when not ready (empty
 * when ready).
 */
public record RuntimeStatus(boolean runtimeReady, String runtimeMessage, boolean networkReady, String networkMessage) {

    /** A runtime that is ready in every respect. */
    public static RuntimeStatus ready() {
        return new RuntimeStatus(true, "", true, "");
    }
}
