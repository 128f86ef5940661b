package dev.orchestrator.runtime.docker.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Docker's RFC 3339 times; its zero time ({@code 0001-01-01T00:00:00Z}) means "not reached". */
final class DockerTimes {

    private DockerTimes() {
    }

    static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank() || text.startsWith("0001-01-01")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static Instant parseOrEpoch(String text) {
        return parse(text).orElse(Instant.EPOCH);
    }
}
