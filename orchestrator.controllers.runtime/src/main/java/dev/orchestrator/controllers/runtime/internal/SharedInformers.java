package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.client.InformerSupervisor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One informer per kind for every controller of the runtime: the first controller that declares a
 * kind starts its informer (through the client's {@link InformerSupervisor}, so it never stops for
 * good) and later ones share it. Informers live as long as the leadership term, not as long as
 * their controllers: a reconciler bundle being updated leaves and comes back within a second
 * (twice: the update, then the refresh), and its new controller finds the cache warm instead of
 * listing everything again. Controllers add their own event handlers; fabric8 replays the cache
 * to a handler added to a running informer, which is how a controller started later resyncs every
 * object (what the cache does not show yet is covered by the expectations).
 */
final class SharedInformers implements AutoCloseable {

    /** A started informer and the completion of its first list. */
    record Shared<T extends HasMetadata>(SharedIndexInformer<T> informer, CompletableFuture<Void> synced) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SharedInformers.class);

    private final KubernetesClient client;
    private final InformerSupervisor supervisor;
    private final Map<Class<?>, Shared<?>> informers = new HashMap<>();

    SharedInformers(KubernetesClient client, InformerSupervisor supervisor) {
        this.client = client;
        this.supervisor = supervisor;
    }

    /** The kind's informer, started on first use. */
    @SuppressWarnings("unchecked")
    synchronized <T extends HasMetadata> Shared<T> acquire(Class<T> kind) {
        return (Shared<T>) informers.computeIfAbsent(kind, k -> {
            SharedIndexInformer<T> informer = client.resources(kind).inAnyNamespace().runnableInformer(0);
            LOG.info("starting a shared informer kind={}", kind.getSimpleName());
            return new Shared<>(informer, supervisor.start(informer));
        });
    }

    /** Kinds with a running informer, for metrics and tests. */
    synchronized int size() {
        return informers.size();
    }

    /**
     * Stops every informer, from a thread of the common pool: stopping cancels futures, and the
     * {@code CancellationException}s keep the stack of the thread that cancelled. fabric8 holds a
     * stopped informer (and so those exceptions) in a scheduled reconnect task for a while; had
     * this bundle's classes been on that stack, they would pin its class loader after an update.
     * Found by ControllerRuntimeBundleUpdateIT's leak check.
     */
    @Override
    public synchronized void close() {
        List<SharedIndexInformer<?>> stopping = informers.values().stream()
                .<SharedIndexInformer<?>>map(Shared::informer).toList();
        informers.clear();
        try {
            // a bound method reference: the pool thread calls stop() through a hidden frame only
            // (a lambda body would be a method of this class, on the stack)
            CompletableFuture.allOf(stopping.stream().map(i -> CompletableFuture.runAsync(i::stop))
                    .toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("stopping the shared informers failed error={}", e.toString());
        }
    }
}
