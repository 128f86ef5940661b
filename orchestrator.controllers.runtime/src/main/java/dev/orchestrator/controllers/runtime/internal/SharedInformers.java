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
 * good), later ones share it, and the last one to let go stops it. Controllers add their own event
 * handlers; fabric8 replays the cache to a handler added to a running informer, which is how a
 * controller started later (a reconciler bundle updated) resyncs every object.
 */
final class SharedInformers implements AutoCloseable {

    /** A started informer and the completion of its first list. */
    record Shared<T extends HasMetadata>(SharedIndexInformer<T> informer, CompletableFuture<Void> synced) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SharedInformers.class);

    private final KubernetesClient client;
    private final InformerSupervisor supervisor;
    private final Map<Class<?>, Shared<?>> informers = new HashMap<>();
    private final Map<Class<?>, Integer> users = new HashMap<>();

    SharedInformers(KubernetesClient client, InformerSupervisor supervisor) {
        this.client = client;
        this.supervisor = supervisor;
    }

    /** The kind's informer, started on first use; pair every call with {@link #release}. */
    @SuppressWarnings("unchecked")
    synchronized <T extends HasMetadata> Shared<T> acquire(Class<T> kind) {
        users.merge(kind, 1, Integer::sum);
        return (Shared<T>) informers.computeIfAbsent(kind, k -> {
            SharedIndexInformer<T> informer = client.resources(kind).inAnyNamespace().runnableInformer(0);
            LOG.info("starting a shared informer kind={}", kind.getSimpleName());
            return new Shared<>(informer, supervisor.start(informer));
        });
    }

    synchronized void release(Class<?> kind) {
        Integer left = users.merge(kind, -1, Integer::sum);
        if (left != null && left <= 0) {
            users.remove(kind);
            Shared<?> shared = informers.remove(kind);
            if (shared != null) {
                LOG.info("stopping a shared informer no controller uses kind={}", kind.getSimpleName());
                shared.informer().stop();
            }
        }
    }

    /** Kinds with a running informer, for metrics and tests. */
    synchronized int size() {
        return informers.size();
    }

    @Override
    public synchronized void close() {
        informers.values().forEach(s -> s.informer().stop());
        informers.clear();
        users.clear();
    }
}
