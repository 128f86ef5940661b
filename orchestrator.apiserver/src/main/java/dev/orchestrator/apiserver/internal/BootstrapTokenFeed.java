package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import dev.orchestrator.apiserver.internal.auth.BootstrapTokens;
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
 * Keeps {@link BootstrapTokens} equal to the bootstrap-token Secrets of {@code kube-system}: listed once, then
 * followed through the {@link WatchCache} (the shared watch of Secrets), so authenticating a bootstrap token never
 * reads the store. Only Secrets of the bootstrap-token type are kept. A watch that ends is followed by a fresh
 * list and watch.
 */
final class BootstrapTokenFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapTokenFeed.class);
    private static final long RETRY_MILLIS = 500;

    private final ObjectStorage storage;
    private final WatchCache watchCache;
    private final ResourceType secrets;
    private final BootstrapTokens tokens;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "orch-apiserver-bootstrap-token-feed");
        t.setDaemon(true);
        return t;
    });
    private volatile WatchCache.Subscription subscription;
    private volatile boolean closed;

    BootstrapTokenFeed(ObjectStorage storage, WatchCache watchCache, ResourceRegistry registry, BootstrapTokens tokens) {
        this.storage = storage;
        this.watchCache = watchCache;
        this.secrets = registry.find("", "v1", "secrets").orElseThrow();
        this.tokens = tokens;
    }

    void start() {
        try {
            follow();
        } catch (RuntimeException e) {
            LOG.warn("cannot read the bootstrap tokens ({}); retrying", e.toString());
            retry();
        }
    }

    private void follow() {
        ObjectStorage.Page page = storage.list(secrets, BootstrapTokens.NAMESPACE, 0, 0, null, o -> true);
        Map<String, JsonNode> byName = new HashMap<>();
        for (ObjectNode o : page.items()) {
            if (isToken(o)) {
                byName.put(ObjectMeta.name(o), o);
            }
        }
        tokens.replaceAll(byName);
        String prefix = secrets.keyPrefix(BootstrapTokens.NAMESPACE);
        subscription = watchCache.subscribe(secrets.keyPrefix(null), prefix, page.revision(), new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                events.forEach(BootstrapTokenFeed.this::apply);
            }

            @Override
            public void onClose(Optional<StoreException> error) {
                if (!closed) {
                    LOG.info("watch of the bootstrap tokens ended ({}); listing again",
                            error.map(Object::toString).orElse("closed"));
                    retry();
                }
            }
        });
    }

    private void apply(WatchEvent event) {
        String name = event.key().substring(event.key().lastIndexOf('/') + 1);
        if (event.type() == WatchEvent.Type.DELETED || event.current().isEmpty()) {
            tokens.remove(name);
            return;
        }
        ObjectNode object = ObjectStorage.decodeOrSkip(event.current().get());
        if (object != null && isToken(object)) {
            tokens.put(name, object);
        } else {
            tokens.remove(name); // its type cannot change, but a Secret that cannot be decoded authenticates nobody
        }
    }

    private static boolean isToken(JsonNode secret) {
        return BootstrapTokens.SECRET_TYPE.equals(secret.path("type").asText());
    }

    private void retry() {
        if (closed) {
            return;
        }
        retries.schedule(() -> {
            try {
                follow();
            } catch (RuntimeException e) {
                LOG.warn("cannot read the bootstrap tokens ({}); retrying", e.toString());
                retry();
            }
        }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        WatchCache.Subscription s = subscription;
        if (s != null) {
            s.close();
        }
        retries.shutdownNow();
    }
}
