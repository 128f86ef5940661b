package dev.orchestrator.client.internal;

import dev.orchestrator.client.SharedInformers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;

/**
 * The {@link SharedInformers} service as one bundle sees it: it remembers that bundle's open subscriptions and
 * closes them when the bundle stops using the service, so a bundle that forgets to (or is stopped mid-way)
 * leaves no handler, and so none of its classes, in a shared informer.
 */
final class BundleSharedInformers implements SharedInformers {

    private final InformerHub hub;
    private final Set<Subscription<?>> open = new LinkedHashSet<>();

    private BundleSharedInformers(InformerHub hub) {
        this.hub = hub;
    }

    /** The service factory that gives each bundle a view of its own. */
    static ServiceFactory<SharedInformers> factory(InformerHub hub) {
        return new ServiceFactory<>() {
            @Override
            public SharedInformers getService(Bundle bundle, ServiceRegistration<SharedInformers> registration) {
                return new BundleSharedInformers(hub);
            }

            @Override
            public void ungetService(Bundle bundle, ServiceRegistration<SharedInformers> registration,
                                     SharedInformers service) {
                ((BundleSharedInformers) service).closeAll();
            }
        };
    }

    @Override
    public <T extends HasMetadata> Subscription<T> subscribe(Class<T> kind) {
        Subscription<T> subscription = new Tracked<>(hub.subscribe(kind));
        synchronized (open) {
            open.add(subscription);
        }
        return subscription;
    }

    private void closeAll() {
        List<Subscription<?>> left;
        synchronized (open) {
            left = new ArrayList<>(open);
        }
        left.forEach(Subscription::close);
    }

    /** A subscription that leaves the bundle's open set when closed. */
    private final class Tracked<T extends HasMetadata> implements Subscription<T> {
        private final Subscription<T> inner;

        Tracked(Subscription<T> inner) {
            this.inner = inner;
        }

        @Override
        public void addHandler(ResourceEventHandler<? super T> handler) {
            inner.addHandler(handler);
        }

        @Override
        public Indexer<T> cache() {
            return inner.cache();
        }

        @Override
        public boolean hasSynced() {
            return inner.hasSynced();
        }

        @Override
        public CompletableFuture<Void> synced() {
            return inner.synced();
        }

        @Override
        public void close() {
            synchronized (open) {
                open.remove(this);
            }
            inner.close();
        }
    }
}
