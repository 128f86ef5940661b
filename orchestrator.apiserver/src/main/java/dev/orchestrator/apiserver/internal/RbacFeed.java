package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import dev.orchestrator.apiserver.internal.authz.RbacIndex;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the authorizer's {@link RbacIndex} equal to the stored Roles, ClusterRoles and bindings: each kind is
 * listed once, then followed through the {@link WatchCache} (the same shared store watch that HTTP watchers of
 * the kind use), so a decision never reads the store. A watch that ends is followed by a fresh list and watch.
 */
final class RbacFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RbacFeed.class);
    private static final long RETRY_MILLIS = 500;

    private final ObjectStorage storage;
    private final WatchCache watchCache;
    private final ResourceRegistry registry;
    private final RbacIndex index;
    private final Map<RbacIndex.Kind, WatchCache.Subscription> subscriptions = new HashMap<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "orch-apiserver-rbac-feed");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    RbacFeed(ObjectStorage storage, WatchCache watchCache, ResourceRegistry registry, RbacIndex index) {
        this.storage = storage;
        this.watchCache = watchCache;
        this.registry = registry;
        this.index = index;
    }

    /** Lists every kind now (so the first request is decided on the stored policy), then follows them. */
    void start() {
        for (RbacIndex.Kind kind : RbacIndex.Kind.values()) {
            try {
                follow(kind);
            } catch (RuntimeException e) {
                LOG.warn("cannot read {} ({}); retrying", kind.plural, e.toString());
                retry(kind);
            }
        }
    }

    private void follow(RbacIndex.Kind kind) {
        ResourceType type = registry.find(RbacTypes.GROUP, "v1", kind.plural).orElseThrow();
        ObjectStorage.Page page = storage.list(type, null, 0, 0, null, o -> true);
        Map<String, ObjectNode> byKey = new HashMap<>();
        for (ObjectNode o : page.items()) {
            byKey.put(type.key(ObjectMeta.namespace(o), ObjectMeta.name(o)), o);
        }
        index.replaceAll(kind, byKey);
        String prefix = type.keyPrefix(null);
        WatchCache.Subscription s = watchCache.subscribe(prefix, prefix, page.revision(), new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                for (WatchEvent e : events) {
                    apply(kind, e);
                }
            }

            @Override
            public void onClose(Optional<StoreException> error) {
                if (!closed) {
                    LOG.info("watch of {} ended ({}); listing again", kind.plural, error.map(Object::toString).orElse("closed"));
                    retry(kind);
                }
            }
        });
        synchronized (subscriptions) {
            subscriptions.put(kind, s);
        }
    }

    private void apply(RbacIndex.Kind kind, WatchEvent event) {
        if (event.type() == WatchEvent.Type.DELETED || event.current().isEmpty()) {
            index.remove(kind, event.key());
            return;
        }
        ObjectNode object = ObjectStorage.decodeOrSkip(event.current().get());
        if (object != null) {
            index.put(kind, event.key(), object);
        }
    }

    private void retry(RbacIndex.Kind kind) {
        if (closed) {
            return;
        }
        retries.schedule(() -> {
            try {
                follow(kind);
            } catch (RuntimeException e) {
                LOG.warn("cannot read {} ({}); retrying", kind.plural, e.toString());
                retry(kind);
            }
        }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        synchronized (subscriptions) {
            subscriptions.values().forEach(WatchCache.Subscription::close);
            subscriptions.clear();
        }
        retries.shutdownNow();
    }
}
