package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.client.InformerSupervisor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

    @Override
    public synchronized void close() {
        informers.values().forEach(s -> s.informer().stop());
        informers.clear();
    }
}
