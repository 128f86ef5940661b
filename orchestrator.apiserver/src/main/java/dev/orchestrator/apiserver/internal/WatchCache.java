package dev.orchestrator.apiserver.internal;

import dev.orchestrator.api.store.ExpiredException;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.StoreUnavailableException;
import dev.orchestrator.api.store.Watch;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import dev.orchestrator.apiserver.internal.monitoring.WatchCacheEvents;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One store watch per resource, shared by every HTTP watcher of that resource: the store
 * sees one watch whether ten or a thousand clients watch pods. The cache keeps the most
 * recent events, so a watcher that starts from a recent resourceVersion is served from
 * memory; one that starts before the window falls back to its own store watch (which
 * answers 410 Expired if that history is compacted).
 *
 * <p>A watcher may name a {@link FieldSelector.Trigger}: it is then only handed the events
 * whose object has the trigger's value before or after the change (as Kubernetes' watch cache
 * does for a pod's {@code spec.nodeName}). A thousand kubelets' watches then cost each pod
 * event one look-up, not a thousand selector tests.
 */
final class WatchCache implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WatchCache.class);

    /** Where a watch stream gets its events from. */
    interface Subscription extends AutoCloseable {
        /**
         * A revision up to which this watcher has been handed every event it is to see (0: not known). A watcher
         * on the shared feed is current to the feed's last event even when none of the recent ones were for it
         * (a kubelet's watch sees only its node's pods): its bookmarks carry this revision, so that it resumes
         * inside the window rather than replaying from where its last own event was.
         */
        long progress();

        @Override
        void close();

        static Subscription of(LongSupplier progress, Runnable close) {
            return new Subscription() {
                @Override
                public long progress() {
                    return progress.getAsLong();
                }

                @Override
                public void close() {
                    close.run();
                }
            };
        }
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
        return subscribe(typePrefix, prefix, null, after, listener);
    }

    /**
     * Subscribes {@code listener} to the events under {@code prefix} after {@code after} whose
     * objects have {@code trigger}'s value before or after the change (all events when it is
     * null). The listener still tests its whole selector: the trigger only spares it the
     * events that cannot match.
     */
    Subscription subscribe(String typePrefix, String prefix, FieldSelector.Trigger trigger, long after,
                           WatchListener listener) {
        while (true) {
            ResourceFeed feed = feeds.computeIfAbsent(typePrefix, p -> new ResourceFeed(p, after));
            Optional<Subscription> s = feed.subscribe(prefix, trigger, after, listener);
            if (s.isPresent()) {
                return s.get();
            }
            if (!feed.ended) {
                // The window no longer holds `after`: a private store watch replays from history.
                LOG.debug("watch of {} from revision {} starts before the cache's window: served by a store watch of "
                        + "its own", prefix, after);
                Watch direct = store.watch(prefix, after, listener);
                return Subscription.of(() -> 0, direct::close); // every event under the prefix reaches the watcher
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
        /** The subscribers with a trigger, by the trigger's field. */
        private final ConcurrentHashMap<String, TriggerIndex> triggered = new ConcurrentHashMap<>();
        private final Watch watch;
        private final LongAdder eventsReceived;
        private long windowStart;
        /** The last event handed to every subscriber it concerns; set after the delivery. */
        private volatile long delivered;
        private volatile boolean ended;

        /**
         * @param after where its first watcher starts: the feed starts there too when the store still has that
         *              history, so that the first watcher (an informer, say, watching from the revision of its
         *              list) shares it rather than falling back to a store watch of its own for good
         */
        ResourceFeed(String typePrefix, long after) {
            this.eventsReceived = received.received(typePrefix);
            // set before the watch starts: its first events may already trim the window
            this.windowStart = Math.min(after, store.currentRevision());
            Watch shared;
            try {
                shared = store.watch(typePrefix, windowStart, this);
            } catch (ExpiredException compacted) {
                this.windowStart = store.currentRevision(); // the refused watch delivered nothing
                shared = store.watch(typePrefix, windowStart, this);
            }
            this.watch = shared;
            this.delivered = windowStart;
        }

        /** Replays the window after {@code after} and adds the subscriber, atomically with event delivery. */
        synchronized Optional<Subscription> subscribe(String prefix, FieldSelector.Trigger trigger, long after,
                                                      WatchListener listener) {
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
            Subscriber s = new Subscriber(prefix, trigger, listener);
            if (trigger == null) {
                subscribers.add(s);
            } else {
                triggered.computeIfAbsent(trigger.field(), f -> new TriggerIndex(trigger)).add(s);
            }
            return Optional.of(Subscription.of(() -> delivered, () -> remove(s)));
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
                deliver(s, matching);
            }
            for (TriggerIndex index : triggered.values()) {
                index.handed(events).forEach(this::deliver);
            }
            if (!events.isEmpty()) {
                delivered = events.get(events.size() - 1).revision();
            }
        }

        private void deliver(Subscriber s, List<WatchEvent> matching) {
            if (matching.isEmpty()) {
                return;
            }
            try {
                s.listener.onEvents(matching);
            } catch (RuntimeException e) {
                // One watcher's failure is its own; the shared feed goes on for the others.
                LOG.warn("a watcher of {} failed on events up to revision {}; ending it", s.prefix,
                        matching.get(matching.size() - 1).revision(), e);
                remove(s);
                s.listener.onClose(Optional.empty());
            }
        }

        /** Not under the feed's lock: a stream unsubscribes while it holds its own, which delivery takes after. */
        private void remove(Subscriber s) {
            if (s.trigger == null) {
                subscribers.remove(s);
            } else {
                TriggerIndex index = triggered.get(s.trigger.field());
                if (index != null) {
                    index.remove(s);
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
            triggered.values().forEach(index -> index.all().forEach(s -> s.listener.onClose(Optional.of(reason))));
            subscribers.clear();
            triggered.clear();
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

    /** The subscribers whose triggers test one field, by the value they want. */
    private final class TriggerIndex {
        private final FieldSelector.Trigger field;
        private final ConcurrentHashMap<String, List<Subscriber>> byValue = new ConcurrentHashMap<>();

        TriggerIndex(FieldSelector.Trigger field) {
            this.field = field;
        }

        void add(Subscriber s) {
            byValue.compute(s.trigger.value(), (v, list) -> {
                List<Subscriber> more = list == null ? new CopyOnWriteArrayList<>() : list;
                more.add(s);
                return more;
            });
        }

        void remove(Subscriber s) {
            // no empty lists left behind: watches by metadata.name would pile them up
            byValue.computeIfPresent(s.trigger.value(), (v, list) -> {
                list.remove(s);
                return list.isEmpty() ? null : list;
            });
        }

        List<Subscriber> all() {
            return byValue.values().stream().flatMap(List::stream).toList();
        }

        /** The events each subscriber is handed, in order: those whose object had or has its value. */
        Map<Subscriber, List<WatchEvent>> handed(List<WatchEvent> events) {
            Map<Subscriber, List<WatchEvent>> handed = new LinkedHashMap<>();
            for (WatchEvent e : events) {
                for (List<Subscriber> list : concerned(e)) {
                    for (Subscriber s : list) {
                        if (e.key().startsWith(s.prefix)) {
                            handed.computeIfAbsent(s, k -> new ArrayList<>()).add(e);
                        }
                    }
                }
            }
            return handed;
        }

        private Collection<List<Subscriber>> concerned(WatchEvent e) {
            EncodedEvents.Decoded objects;
            try {
                objects = encoded.decoded(e);
            } catch (RuntimeException unreadable) {
                return byValue.values(); // each watcher reports the object it cannot read, as without a trigger
            }
            String now = objects.current() == null ? null : field.valueIn(objects.current());
            String before = objects.previous() == null ? null : field.valueIn(objects.previous());
            List<List<Subscriber>> lists = new ArrayList<>(2);
            addIfPresent(lists, now);
            if (before != null && !before.equals(now)) {
                addIfPresent(lists, before);
            }
            return lists;
        }

        private void addIfPresent(List<List<Subscriber>> lists, String value) {
            List<Subscriber> list = value == null ? null : byValue.get(value);
            if (list != null) {
                lists.add(list);
            }
        }
    }

    /** One watcher; compared by identity (the same listener may subscribe twice). */
    private static final class Subscriber {
        private final String prefix;
        private final FieldSelector.Trigger trigger;
        private final WatchListener listener;

        Subscriber(String prefix, FieldSelector.Trigger trigger, WatchListener listener) {
            this.prefix = prefix;
            this.trigger = trigger;
            this.listener = listener;
        }
    }
}
