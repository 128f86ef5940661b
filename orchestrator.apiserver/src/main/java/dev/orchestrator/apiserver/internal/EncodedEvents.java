package dev.orchestrator.apiserver.internal;

import dev.orchestrator.api.store.WatchEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The encoded watch line and the decoded objects of recent events, so that a thousand watchers of
 * a resource decode and serialise each change once rather than a thousand times — also watchers
 * with selectors (every node's kubelet watches pods with {@code spec.nodeName=<node>}), which must
 * look at each object to know whether it concerns them.
 */
final class EncodedEvents {

    private final Map<Long, byte[]> lines;
    private final Map<Long, Decoded> decoded;

    /**
     * An event's objects, decoded once and shared by every watcher: read-only (copy before
     * changing one).
     */
    record Decoded(ObjectNode current, ObjectNode previous) {
    }

    EncodedEvents(int capacity) {
        this.lines = lru(capacity);
        this.decoded = lru(capacity);
    }

    private static <V> Map<Long, V> lru(int capacity) {
        return new LinkedHashMap<>(capacity, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The objects of {@code event} (one event per revision), decoded on first use. */
    Decoded decoded(WatchEvent event) {
        synchronized (decoded) {
            Decoded d = decoded.get(event.revision());
            if (d != null) {
                return d;
            }
        }
        Decoded d = new Decoded(event.current().map(ObjectStorage::decode).orElse(null),
                event.previous().map(ObjectStorage::decode).orElse(null));
        synchronized (decoded) {
            Decoded earlier = decoded.putIfAbsent(event.revision(), d);
            return earlier != null ? earlier : d;
        }
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
