package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.api.controller.Events;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.TerminalException;
import dev.orchestrator.api.controller.Watches;
import io.fabric8.kubernetes.api.model.HasMetadata;
import dev.orchestrator.client.SharedInformers;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running reconciler: event handlers on the shared informers of its declared kinds that only
 * enqueue keys, a {@link WorkQueue}, and workers that call {@link Reconciler#reconcile} once the
 * caches have synced. {@link #stop} removes the handlers, signals cancellation, lets reconciles in
 * progress finish within the grace period and abandons (interrupts) the rest; what an abandoned
 * reconcile wrote is covered by the expectations, which outlive this instance.
 */
final class Controller<P extends HasMetadata> implements RunningControllers.Running {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    /** Retries a reconciler asked for are logged at debug level until a key has failed this often in a row. */
    private static final int WARN_AFTER_RETRIES = 5;

    private final String name;
    private final Reconciler<P> reconciler;
    private final Watches<P> watches;
    private final SharedInformers informers;
    private final ControllerState state;
    private final RuntimeSettings settings;
    private final WorkQueue queue;
    private final ControllerCaches caches = new ControllerCaches();
    private final List<Runnable> undo = new ArrayList<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final ExecutorService workers;
    private final int workerCount;

    Controller(Reconciler<P> reconciler, Watches<P> watches, SharedInformers informers, ControllerState state,
               RuntimeSettings settings) {
        this.name = watches.name();
        this.reconciler = reconciler;
        this.watches = watches;
        this.informers = informers;
        this.state = state;
        this.settings = settings;
        this.queue = new WorkQueue(new KeyBackoff(settings.baseBackoff(), settings.maxBackoff()),
                new TokenBucket(settings.retryQps(), settings.retryBurst(), System::nanoTime), System::nanoTime,
                state.metrics().adds);
        this.workerCount = settings.workersOf(name);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workerCount, r -> {
            Thread t = new Thread(r, "controller-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return name;
    }

    /** Watches the declared kinds; the workers start once every cache has listed. */
    @Override
    public synchronized void start() {
        KeyMappings<P> mappings = new KeyMappings<>(watches.primary(), caches);
        List<CompletableFuture<Void>> synced = new ArrayList<>();
        synced.add(watch(watches.primary(), new PrimaryEvents<>(queue, state.expectations())));
        for (Watches.Watch<?, P> watch : watches.watches()) {
            synced.add(watchSecondary(watch, mappings));
        }
        state.metrics().attach(queue::depth, inProgress::get);
        CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new)).thenRun(this::startWorkers);
        LOG.info("controller started name={} primary={} watches={} workers={}", name,
                watches.primary().getSimpleName(), watches.watches().size(), workerCount);
    }

    private <S extends HasMetadata> CompletableFuture<Void> watchSecondary(Watches.Watch<S, P> watch,
                                                                          KeyMappings<P> mappings) {
        return watch(watch.kind(), new SecondaryEvents<>(watch, mappings, queue, state.expectations()));
    }

    private <T extends HasMetadata> CompletableFuture<Void> watch(Class<T> kind, ResourceEventHandler<T> handler) {
        SharedInformers.Subscription<T> shared = informers.subscribe(kind);
        undo.add(shared::close);
        caches.add(kind, new CacheLister<>(shared.cache()));
        shared.addHandler(handler);
        return shared.synced();
    }

    private synchronized void startWorkers() {
        if (cancelled.get()) {
            return;
        }
        // the handlers saw the cache replayed as adds; enqueue every primary once more in case a
        // handler was added before the first list completed
        caches.lister(watches.primary()).list("").forEach(p -> queue.add(Request.of(p)));
        for (int i = 0; i < workerCount; i++) {
            workers.execute(this::work);
        }
        LOG.info("controller caches synced, reconciling name={} queued={}", name, queue.depth());
    }

    private void work() {
        try {
            Request key;
            while ((key = queue.take()) != null) {
                try {
                    process(key);
                } finally {
                    queue.done(key);
                }
            }
        } catch (InterruptedException abandoned) {
            Thread.currentThread().interrupt();
        }
    }

    private void process(Request key) {
        CallContext context = new CallContext(caches, cancelled, state.events(), state.expectations());
        long start = System.nanoTime();
        inProgress.incrementAndGet();
        Result result;
        boolean failed = false;
        try {
            result = reconciler.reconcile(key, context);
            if (result == null) {
                result = Result.retry("reconcile returned null");
                failed = true;
            }
        } catch (TerminalException e) {
            result = Result.terminal(e.getMessage());
            failed = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = Result.retry("interrupted");
            failed = true;
        } catch (Exception | LinkageError e) {
            // LinkageError: the reconciler's bundle was updated under a call that was abandoned
            result = Result.retry(e.toString());
            failed = true;
        } finally {
            inProgress.decrementAndGet();
        }
        state.metrics().reconciled(result.action(), System.nanoTime() - start, failed);
        if (cancelled.get()) {
            return; // stopping: the next instance resyncs every key
        }
        switch (result.action()) {
            case DONE -> queue.forget(key);
            case REQUEUE_AFTER -> {
                queue.forget(key);
                queue.addAfter(key, result.requeueAfter());
            }
            case RETRY -> {
                // A retry the reconciler asked for (an optimistic-concurrency conflict, typically) is routine
                // the first few times; an exception, or a key that keeps failing, is worth a warning.
                int failures = queue.failures(key) + 1;
                if (failed || failures >= WARN_AFTER_RETRIES) {
                    LOG.warn("reconcile failed, retrying with back-off controller={} key={} failures={} error={}", name,
                            key, failures, result.reason());
                } else {
                    LOG.debug("reconcile retrying with back-off controller={} key={} failures={} reason={}", name, key,
                            failures, result.reason());
                }
                queue.addRateLimited(key);
            }
            case TERMINAL -> {
                LOG.error("reconcile failed for good, waiting for the next change controller={} key={} error={}", name,
                        key, result.reason());
                queue.forget(key);
            }
        }
    }

    /**
     * Stops watching, cancels, and waits up to the grace period for reconciles in progress; those
     * still running are interrupted and abandoned.
     */
    @Override
    public void stop() {
        synchronized (this) {
            cancelled.set(true);
            undo.forEach(Runnable::run);
            undo.clear();
            queue.shutDown();
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(settings.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("reconciles still running after the grace period, abandoning them controller={} inProgress={}",
                        name, inProgress.get());
                workers.shutdownNow();
                workers.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        state.metrics().detach();
        LOG.info("controller stopped name={}", name);
    }

    /** For tests: true once no worker runs any more. */
    boolean terminated() {
        return workers.isTerminated();
    }

    /** The shared state of a controller name: what outlives one instance. */
    record ControllerState(TimedExpectations expectations, ControllerMetrics metrics, Events events) {
    }
}
