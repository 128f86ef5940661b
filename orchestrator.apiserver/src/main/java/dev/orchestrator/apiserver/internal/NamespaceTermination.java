package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the deletion of Terminating namespaces: deletes everything in them, then the
 * namespace itself. Level-triggered: it works from what the store holds, and on start it
 * resumes namespaces left Terminating by an earlier run. (The controllers bundle will take
 * this over as the namespace controller.)
 */
final class NamespaceTermination implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceTermination.class);

    private final ResourceRegistry registry;
    private final ObjectStorage storage;
    private final ObjectWrites writes;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "orch-apiserver-namespace-termination");
        t.setDaemon(true);
        return t;
    });

    NamespaceTermination(ResourceRegistry registry, ObjectStorage storage, ObjectWrites writes) {
        this.registry = registry;
        this.storage = storage;
        this.writes = writes;
    }

    /** Queues every namespace that is Terminating now. */
    void resume() {
        ResourceType namespaces = namespaces();
        for (ObjectNode ns : storage.list(namespaces, null, 0, 0, null, o -> o.path("metadata").has("deletionTimestamp"))
                .items()) {
            terminate(ObjectMeta.name(ns));
        }
    }

    void terminate(String namespace) {
        executor.execute(() -> purge(namespace));
    }

    private void purge(String namespace) {
        for (int round = 0; round < 600; round++) {
            int left = 0;
            for (ResourceType type : registry.all()) {
                if (!type.namespaced()) {
                    continue;
                }
                for (ObjectNode o : storage.list(type, namespace, 0, 0, null, x -> true).items()) {
                    left++;
                    try {
                        ObjectNode options = Json.object().put("gracePeriodSeconds", 0);
                        writes.delete(type, namespace, ObjectMeta.name(o), options, false);
                    } catch (ApiException e) {
                        if (e.code != 404) {
                            LOG.warn("namespace={} cannot delete {} {}: {}", namespace, type.qualifiedName(),
                                    ObjectMeta.name(o), e.getMessage());
                        }
                    }
                }
            }
            if (left == 0) {
                try {
                    storage.delete(namespaces(), null, namespace, 0);
                    LOG.info("namespace={} deleted with its contents", namespace);
                } catch (ApiException e) {
                    if (e.code != 404) {
                        LOG.warn("namespace={} removal failed: {}", namespace, e.getMessage());
                    }
                }
                return;
            }
            sleep(Math.min(1000, 50L * (round + 1)));
        }
        LOG.warn("namespace={} still has objects with finalizers; giving up for now (resumed on restart)", namespace);
    }

    private ResourceType namespaces() {
        return registry.find("", "v1", "namespaces").orElseThrow();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
