package dev.orchestrator.apiserver.internal;

import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.StoreUnavailableException;
import dev.orchestrator.api.store.Watch;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import dev.orchestrator.apiserver.internal.monitoring.WatchCacheEvents;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * One store watch per resource, shared by every HTTP watcher of that resource: the store
 * sees one watch whether ten or a thousand clients watch pods. The cache keeps the most
 * recent events, so a watcher that starts from a recent resourceVersion is served from
 * memory; one that starts before the window falls back to its own store watch (which
 * answers 410 Expired if that history is compacted).
 */
final class WatchCache implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WatchCache.class);

    /** Where a watch stream gets its events from. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final Store store;
    private final int window;
    private final ConcurrentHashMap<String, ResourceFeed> feeds = new ConcurrentHashMap<>();
    private final EncodedEvents encoded = new EncodedEvents(4096);

    private final WatchCacheEvents received;

    WatchCache(Store store, int window) {
        this(store, window, new WatchCacheEvents());
    }

    /** @param received counts the store events each resource's shared watch receives */
    WatchCache(Store store, int window, WatchCacheEvents received) {
        this.store = store;
        this.window = window;
        this.received = received;
    }

    /**
     * Subscribes {@code listener} to the events under {@code prefix} after {@code after}.
     *
     * @param typePrefix the key prefix of the whole resource (all namespaces)
     */
    Subscription subscribe(String typePrefix, String prefix, long after, WatchListener listener) {
        while (true) {
            ResourceFeed feed = feeds.computeIfAbsent(typePrefix, p -> new ResourceFeed(p));
            Optional<Subscription> s = feed.subscribe(prefix, after, listener);
            if (s.isPresent()) {
                return s.get();
            }
            if (!feed.ended) {
                // The window no longer holds `after`: a private store watch replays from history.
                Watch direct = store.watch(prefix, after, listener);
                return direct::close;
            }
            feeds.remove(typePrefix, feed);
        }
    }

    /** The wire form of recent events, shared by all plain watchers. */
    EncodedEvents encodedEvents() {
        return encoded;
    }

    @Override
    public void close() {
        feeds.values().forEach(f -> f.end(new StoreUnavailableException("the API server is stopping")));
        feeds.clear();
    }

    /** The shared watch of one resource and the watchers hanging off it. */
    private final class ResourceFeed implements WatchListener {
        private final ArrayDeque<WatchEvent> recent = new ArrayDeque<>();
        private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
        private final Watch watch;
        private final LongAdder eventsReceived;
        private long windowStart;
        private volatile boolean ended;

        ResourceFeed(String typePrefix) {
            this.eventsReceived = received.received(typePrefix);
            long start = store.currentRevision();
            this.windowStart = start;
            this.watch = store.watch(typePrefix, start, this);
        }

        /** Replays the window after {@code after} and adds the subscriber, atomically with event delivery. */
        synchronized Optional<Subscription> subscribe(String prefix, long after, WatchListener listener) {
            if (ended || after < windowStart) {
                return Optional.empty();
            }
            List<WatchEvent> replay = new ArrayList<>();
            for (WatchEvent e : recent) {
                if (e.revision() > after && e.key().startsWith(prefix)) {
                    replay.add(e);
                }
            }
            if (!replay.isEmpty()) {
                listener.onEvents(replay);
            }
            Subscriber s = new Subscriber(prefix, listener);
            subscribers.add(s);
            return Optional.of(() -> subscribers.remove(s));
        }

        @Override
        public synchronized void onEvents(List<WatchEvent> events) {
            eventsReceived.add(events.size());
            for (WatchEvent e : events) {
                recent.addLast(e);
                if (recent.size() > window) {
                    windowStart = recent.removeFirst().revision();
                }
            }
            for (Subscriber s : subscribers) {
                List<WatchEvent> matching = new ArrayList<>(events.size());
                for (WatchEvent e : events) {
                    if (e.key().startsWith(s.prefix)) {
                        matching.add(e);
                    }
                }
                if (!matching.isEmpty()) {
                    try {
                        s.listener.onEvents(matching);
                    } catch (RuntimeException e) {
                        // One watcher's failure is its own; the shared feed goes on for the others.
                        LOG.warn("a watcher of {} failed on events up to revision {}; ending it", s.prefix,
                                matching.get(matching.size() - 1).revision(), e);
                        subscribers.remove(s);
                        s.listener.onClose(Optional.empty());
                    }
                }
            }
        }

        @Override
        public void onClose(Optional<StoreException> error) {
            end(error.orElse(new StoreUnavailableException("the store ended the shared watch")));
        }

        synchronized void end(StoreException reason) {
            if (ended) {
                return;
            }
            ended = true;
            feeds.remove(keyOf(), this);
            if (watch != null) {
                watch.close();
            }
            for (Subscriber s : subscribers) {
                s.listener.onClose(Optional.of(reason));
            }
            subscribers.clear();
        }

        private String keyOf() {
            for (var e : feeds.entrySet()) {
                if (e.getValue() == this) {
                    return e.getKey();
                }
            }
            return "";
        }
    }

    private record Subscriber(String prefix, WatchListener listener) {
    }
}
