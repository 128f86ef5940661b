package dev.orchestrator.api.streaming;

/** The size of the client's terminal, in characters. */
public record TerminalSize(int width, int height) {
}
