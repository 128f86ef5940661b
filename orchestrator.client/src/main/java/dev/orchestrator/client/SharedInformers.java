package dev.orchestrator.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One informer per kind (all namespaces, no selector) for every component of the process, so that the
 * scheduler, the controllers, the service proxy, the DNS server and the kubelets of an all-in-one keep one watch
 * of a kind rather than one each. A service registered beside the {@code KubernetesClient}, scoped per bundle:
 * what a bundle subscribed and did not close is closed when it stops using the service (its update or stop).
 *
 * <p>An informer starts, supervised ({@link InformerSupervisor}), with its kind's first subscription and stops
 * a while after its last one closed, so that a bundle being updated finds the cache warm when it subscribes
 * again. A handler subscribed to a running informer first receives every cached object as an add, as fabric8
 * delivers to a handler added late: that is how a component started later catches up. Handlers run on the
 * informer's one event thread, shared by all subscribers of the kind: they must be quick and must not block.
 */
@ProviderType
public interface SharedInformers {

    /**
     * The index every shared cache keeps of its objects by controller: {@code <namespace>/<uid>} of the
     * ownerReference with {@code controller: true}, and {@code <namespace>/} for objects without a controller
     * (what an owner may adopt). {@code cache().byIndex(CONTROLLER_INDEX, "web/" + uid)} finds a ReplicaSet's
     * pods without reading every pod of the namespace.
     */
    String CONTROLLER_INDEX = "orchestrator.dev/controller";

    /**
     * Subscribes to the process' informer of {@code kind}, starting it when none runs.
     *
     * @param kind a fabric8 model class with a resource behind it, e.g. {@code Pod.class}
     */
    <T extends HasMetadata> Subscription<T> subscribe(Class<T> kind);

    /** One user's hold on a shared informer, with the handlers it added. */
    @ProviderType
    interface Subscription<T extends HasMetadata> extends AutoCloseable {

        /**
         * Adds a handler: it first receives every cached object as an add, then the informer's events, until
         * the subscription closes.
         */
        void addHandler(ResourceEventHandler<? super T> handler);

        /** The kind's cache, shared with every subscriber: read it, never change it or its objects. */
        Indexer<T> cache();

        /** True once the informer's first list has arrived. */
        boolean hasSynced();

        /** Completes once the informer's first list and watch succeeded (at once if they had). */
        CompletableFuture<Void> synced();

        /** Removes its handlers; the last subscription of a kind lets its informer stop after a while. */
        @Override
        void close();
    }
}
