package dev.orchestrator.apiserver.internal;

import dev.orchestrator.api.store.WatchEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The encoded watch line of recent events, so that a thousand watchers of a resource
 * decode and serialise each change once rather than a thousand times.
 */
final class EncodedEvents {

    private final Map<Long, byte[]> lines;

    EncodedEvents(int capacity) {
        this.lines = new LinkedHashMap<>(capacity, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The line of {@code event} (one event per revision), encoded by {@code encoder} on first use. */
    byte[] line(WatchEvent event, Supplier<byte[]> encoder) {
        synchronized (lines) {
            byte[] line = lines.get(event.revision());
            if (line != null) {
                return line;
            }
        }
        byte[] line = encoder.get();
        synchronized (lines) {
            lines.putIfAbsent(event.revision(), line);
        }
        return line;
    }
}
