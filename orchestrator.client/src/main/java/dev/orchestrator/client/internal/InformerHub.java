package dev.orchestrator.client.internal;

import dev.orchestrator.client.InformerSupervisor;
import dev.orchestrator.client.SharedInformers;
import dev.orchestrator.client.SharedInformers.Subscription;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process' informers by kind, counted by subscriptions. An informer whose last subscription closed lingers
 * for {@code linger} before it stops, so that a consumer leaving and coming back (a bundle update: stop, start,
 * and again for the refresh) finds its cache warm.
 */
final class InformerHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InformerHub.class);

    private final KubernetesClient client;
    private final InformerSupervisor supervisor;
    private final ScheduledExecutorService timer;
    private final Duration linger;
    private final Map<Class<?>, Entry<?>> entries = new HashMap<>();
    private boolean closed;

    InformerHub(KubernetesClient client, InformerSupervisor supervisor, ScheduledExecutorService timer, Duration linger) {
        this.client = client;
        this.supervisor = supervisor;
        this.timer = timer;
        this.linger = linger;
    }

    /** A running informer of one kind and its subscriber count. */
    private static final class Entry<T extends HasMetadata> {
        final SharedIndexInformer<T> informer;
        final CompletableFuture<Void> synced;
        int subscribers;
        ScheduledFuture<?> stopping;

        Entry(SharedIndexInformer<T> informer, CompletableFuture<Void> synced) {
            this.informer = informer;
            this.synced = synced;
        }
    }

    @SuppressWarnings("unchecked")
    synchronized <T extends HasMetadata> Subscription<T> subscribe(Class<T> kind) {
        if (closed) {
            throw new IllegalStateException("the API client of these informers is closed");
        }
        Entry<T> entry = (Entry<T>) entries.computeIfAbsent(kind, k -> {
            SharedIndexInformer<T> informer = client.resources(kind).inAnyNamespace().runnableInformer(0);
            informer.addIndexers(Map.of(SharedInformers.CONTROLLER_INDEX, ControllerIndex::keys));
            LOG.info("shared informer starting kind={}", kind.getSimpleName());
            return new Entry<>(informer, supervisor.start(informer));
        });
        if (entry.stopping != null) {
            entry.stopping.cancel(false);
            entry.stopping = null;
        }
        entry.subscribers++;
        return new HubSubscription<>(kind, entry);
    }

    private synchronized <T extends HasMetadata> void unsubscribe(Class<T> kind, Entry<T> entry,
                                                                  List<ResourceEventHandler<? super T>> handlers) {
        handlers.forEach(entry.informer::removeEventHandler);
        if (--entry.subscribers > 0 || closed || entries.get(kind) != entry) {
            return;
        }
        entry.stopping = timer.schedule(() -> stopIfUnused(kind, entry), linger.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void stopIfUnused(Class<?> kind, Entry<?> entry) {
        if (entry.subscribers == 0 && entries.get(kind) == entry) {
            entries.remove(kind);
            LOG.info("shared informer stopped, no subscriber left kind={}", kind.getSimpleName());
            entry.informer.stop();
        }
    }

    /** Kinds with a running informer. */
    synchronized int size() {
        return entries.size();
    }

    @Override
    public void close() {
        List<SharedIndexInformer<?>> stopping = new ArrayList<>();
        synchronized (this) {
            closed = true;
            entries.values().forEach(e -> {
                if (e.stopping != null) {
                    e.stopping.cancel(false);
                }
                stopping.add(e.informer);
            });
            entries.clear();
        }
        stopping.forEach(SharedIndexInformer::stop);
    }

    private final class HubSubscription<T extends HasMetadata> implements Subscription<T> {
        private final Class<T> kind;
        private final Entry<T> entry;
        private final List<ResourceEventHandler<? super T>> handlers = new ArrayList<>();
        private boolean closed;

        HubSubscription(Class<T> kind, Entry<T> entry) {
            this.kind = kind;
            this.entry = entry;
        }

        @Override
        public void addHandler(ResourceEventHandler<? super T> handler) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("subscription closed");
                }
                handlers.add(handler);
            }
            entry.informer.addEventHandler(handler);
        }

        @Override
        public Indexer<T> cache() {
            return entry.informer.getIndexer();
        }

        @Override
        public boolean hasSynced() {
            return entry.informer.hasSynced();
        }

        @Override
        public CompletableFuture<Void> synced() {
            return entry.synced;
        }

        @Override
        public void close() {
            List<ResourceEventHandler<? super T>> added;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                added = List.copyOf(handlers);
            }
            unsubscribe(kind, entry, added);
        }
    }
}
