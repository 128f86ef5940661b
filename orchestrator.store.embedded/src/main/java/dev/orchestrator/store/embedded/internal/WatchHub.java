package dev.orchestrator.store.embedded.internal;

import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.store.support.WatchFeed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The live watches of the store; the writer publishes each committed batch here. */
final class WatchHub {

    private record Subscription(String prefix, WatchFeed feed) {
    }

    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    void add(String prefix, WatchFeed feed) {
        subscriptions.add(new Subscription(prefix, feed));
    }

    void remove(WatchFeed feed) {
        subscriptions.removeIf(s -> s.feed() == feed);
    }

    /** Hands each watch the events under its prefix; never blocks. */
    void publish(List<WatchEvent> events) {
        for (Subscription s : subscriptions) {
            List<WatchEvent> matching = new ArrayList<>();
            for (WatchEvent e : events) {
                if (e.key().startsWith(s.prefix())) {
                    matching.add(e);
                }
            }
            if (!matching.isEmpty()) {
                s.feed().offer(matching);
            }
        }
    }
}
