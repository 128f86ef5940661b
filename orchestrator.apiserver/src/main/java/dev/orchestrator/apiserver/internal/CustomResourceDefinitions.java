package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.Watch;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the served custom resources equal to the stored CRDs, level-triggered: every change under the CRD
 * keys (from this or another API server on the same store) re-reads all CRDs and rebuilds the whole set
 * ({@link CustomResourceSet}); nothing lives only in memory. After the rebuild it writes the CRDs' status
 * ({@link CrdStatus}) and finishes the deletion of terminating CRDs ({@link CrdCleanup}).
 */
final class CustomResourceDefinitions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CustomResourceDefinitions.class);
    /** How often a terminating CRD whose objects are still going is looked at again. */
    private static final long RETRY_MILLIS = 500;

    private final Store store;
    private final ObjectStorage storage;
    private final ResourceRegistry registry;
    private final ResourceType crds;
    private final CrdCleanup cleanup;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "orch-apiserver-crds");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile Watch watch;
    private volatile boolean closed;
    /** What the last refresh read and built, for the status and cleanup work that follows it. */
    private volatile CustomResourceSet lastSet = CustomResourceSet.of(List.of());
    private volatile List<ObjectNode> lastCrds = List.of();

    CustomResourceDefinitions(Store store, ObjectStorage storage, ResourceRegistry registry, ObjectWrites writes) {
        this.store = store;
        this.storage = storage;
        this.registry = registry;
        this.crds = registry.find("apiextensions.k8s.io", "v1", "customresourcedefinitions").orElseThrow();
        this.cleanup = new CrdCleanup(storage, writes);
    }

    /** Builds the custom resources from the stored CRDs now, then follows the CRD keys. */
    void start() {
        long revision = refresh();
        follow(revision);
    }

    /**
     * Re-reads the CRDs and replaces the served set now, on the caller's thread: a client that just wrote a
     * CRD finds its resource served at once. Status and cleanup follow on the worker.
     *
     * @return the revision the CRDs were read at
     */
    synchronized long refresh() {
        ObjectStorage.Page page = storage.list(crds, null, 0, 0, null, o -> true);
        List<ObjectNode> all = new ArrayList<>(page.items());
        // CRDs whose names were accepted keep them; the others claim theirs oldest first
        all.sort(Comparator.comparing((ObjectNode o) -> !namesAccepted(o))
                .thenComparing(o -> o.path("metadata").path("creationTimestamp").asText())
                .thenComparing(o -> o.path("metadata").path("name").asText()));
        CustomResourceSet set = CustomResourceSet.of(all);
        registry.setCustom(set.resources());
        lastSet = set;
        lastCrds = all;
        schedule(0);
        return page.revision();
    }

    private static boolean namesAccepted(ObjectNode crd) {
        for (com.fasterxml.jackson.databind.JsonNode c : crd.path("status").path("conditions")) {
            if ("NamesAccepted".equals(c.path("type").asText())) {
                return "True".equals(c.path("status").asText());
            }
        }
        return false;
    }

    private void follow(long revision) {
        if (closed) {
            return;
        }
        try {
            watch = store.watch(crds.keyPrefix(null), revision, new WatchListener() {
                @Override
                public void onEvents(List<WatchEvent> events) {
                    worker.execute(CustomResourceDefinitions.this::refreshQuietly);
                }

                @Override
                public void onClose(Optional<StoreException> error) {
                    if (error.isPresent() && !closed) {
                        LOG.info("CRD watch ended ({}); reading the CRDs again", error.get().toString());
                        worker.schedule(CustomResourceDefinitions.this::restart, RETRY_MILLIS, TimeUnit.MILLISECONDS);
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("cannot watch the CRDs ({}); retrying", e.toString());
            worker.schedule(this::restart, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void restart() {
        try {
            follow(refresh());
        } catch (RuntimeException e) {
            LOG.warn("cannot read the CRDs ({}); retrying", e.toString());
            if (!closed) {
                worker.schedule(this::restart, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("cannot read the CRDs ({}); retrying", e.toString());
            schedule(RETRY_MILLIS);
        }
    }

    /** Status and cleanup once (further requests while one is queued are folded into it). */
    private void schedule(long delayMillis) {
        if (closed || !queued.compareAndSet(false, true)) {
            return;
        }
        worker.schedule(() -> {
            queued.set(false);
            reconcile();
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void reconcile() {
        CustomResourceSet set = lastSet;
        boolean again = false;
        for (ObjectNode crd : lastCrds) {
            String name = crd.path("metadata").path("name").asText();
            try {
                CrdStatus.write(storage, crds, name, set.conflictOf(name));
                if (crd.path("metadata").has("deletionTimestamp")) {
                    again |= !cleanup.finish(crds, crd, set);
                }
            } catch (ApiException e) {
                if (e.code != 404 && e.code != 409) {
                    LOG.warn("CRD {}: {}", name, e.getMessage());
                }
                again = true;
            } catch (RuntimeException e) {
                LOG.warn("CRD {}: {}", name, e.toString());
                again = true;
            }
        }
        if (again) {
            schedule(RETRY_MILLIS);
        }
    }

    @Override
    public void close() {
        closed = true;
        Watch w = watch;
        if (w != null) {
            w.close();
        }
        worker.shutdownNow();
    }
}
