package dev.orchestrator.controllers.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Timestamps as the API writes them (RFC 3339). */
public final class Times {

    private Times() {
    }

    /** The instant, or empty when absent or not a timestamp. */
    public static Optional<Instant> parse(String time) {
        if (time == null || time.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(time));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
