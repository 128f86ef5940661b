package dev.orchestrator.apiserver.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Ages as kubectl prints them: 45s, 3m12s, 5h, 2d3h, 400d. */
final class Ages {

    private Ages() {
    }

    static String since(String rfc3339) {
        if (rfc3339 == null) {
            return "<unknown>";
        }
        try {
            return format(Duration.between(Instant.parse(rfc3339), Instant.now()));
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
    }

    static String format(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 10) {
            return m + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        }
        if (m < 180) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 8) {
            return h + "h" + (m % 60 == 0 ? "" : (m % 60) + "m");
        }
        if (h < 48) {
            return h + "h";
        }
        long days = h / 24;
        if (days < 8) {
            return days + "d" + (h % 24 == 0 ? "" : (h % 24) + "h");
        }
        return days + "d";
    }
}
