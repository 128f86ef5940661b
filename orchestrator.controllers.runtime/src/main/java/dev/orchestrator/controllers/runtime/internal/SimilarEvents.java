package dev.orchestrator.controllers.runtime.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Kubernetes' aggregation of similar events: per object, type and reason, the first
 * {@value #SIMILAR} distinct messages within {@link #WINDOW} are kept as they are; later new
 * messages become "(combined from similar events): …", which the writer keeps in one event.
 * Remembers a bounded number of series (least recently used first out). Thread-safe.
 */
final class SimilarEvents {

    static final int SIMILAR = 10;
    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final String PREFIX = "(combined from similar events): ";

    private record Seen(long since, Set<String> messages) {
    }

    private final Map<String, Seen> series;
    private final LongSupplier clock;

    SimilarEvents(int remembered, LongSupplier nanoClock) {
        this.clock = nanoClock;
        this.series = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > remembered;
            }
        };
    }

    /** The message to write for this series key (object, type, reason). */
    synchronized String message(String key, String message) {
        long now = clock.getAsLong();
        Seen seen = series.get(key);
        if (seen == null || now - seen.since() > WINDOW.toNanos()) {
            seen = new Seen(now, new HashSet<>());
            series.put(key, seen);
        }
        if (seen.messages().contains(message) || seen.messages().size() < SIMILAR) {
            seen.messages().add(message);
            return message;
        }
        return PREFIX + message;
    }

    static boolean combined(String message) {
        return message.startsWith(PREFIX);
    }
}
