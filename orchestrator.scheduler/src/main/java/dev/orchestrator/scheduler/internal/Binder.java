package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.scheduler.BindPlugin;
import dev.orchestrator.api.scheduler.PermitPlugin;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.PreBindPlugin;
import dev.orchestrator.api.scheduler.Status;
import dev.orchestrator.scheduler.internal.PluginSet.Named;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous part of scheduling a pod: Permit, PreBind, then Bind (a bind plugin, else
 * {@code pods/binding}). At most {@code maxInFlight} bindings run at once; the scheduling loop
 * waits for a free slot, which is the back-pressure when the API is slower than the scheduler.
 * Permit and PreBind plugins, which may block, run on a small pool; a plain API binding needs
 * no thread while it waits.
 */
final class Binder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Binder.class);

    /** What becomes of a binding. */
    interface Outcome {
        void bound(SchedulingQueue.Entry entry, String node);

        /**
         * @param gone true when the pod no longer needs this scheduler (deleted, or bound by
         *             someone else): it is not retried
         */
        void failed(SchedulingQueue.Entry entry, CycleResult.Placed placed, String message, boolean gone);
    }

    private final ApiCalls api;
    private final Semaphore slots;
    private final int maxInFlight;
    private final ExecutorService pluginPool;
    private final AtomicLong bound = new AtomicLong();
    private final SchedulerMetrics metrics;

    Binder(ApiCalls api, int maxInFlight, String name, SchedulerMetrics metrics) {
        this.api = api;
        this.metrics = metrics;
        this.maxInFlight = maxInFlight;
        this.slots = new Semaphore(maxInFlight);
        AtomicInteger n = new AtomicInteger();
        this.pluginPool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, name + "-binder-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Waits for a free binding slot. */
    void awaitSlot() throws InterruptedException {
        slots.acquire();
    }

    /** Gives back a slot taken by {@link #awaitSlot()} when no binding follows. */
    void releaseSlot() {
        slots.release();
    }

    /** Starts binding; the slot taken by {@link #awaitSlot()} is released when it ends. */
    void bind(PluginSet plugins, CycleResult.Placed placed, SchedulingQueue.Entry entry, Outcome outcome) {
        PodInfo pod = entry.pod();
        CompletableFuture<Status> steps;
        if (plugins.permits().isEmpty() && plugins.preBinds().isEmpty()) {
            steps = bindStep(plugins, placed, pod);
        } else {
            steps = CompletableFuture.supplyAsync(() -> preBindSteps(plugins, placed, pod), pluginPool)
                    .thenCompose(s -> s.isSuccess() ? bindStep(plugins, placed, pod)
                            : CompletableFuture.completedFuture(s));
        }
        steps.whenComplete((status, error) -> {
            slots.release();
            if (error != null) {
                outcome.failed(entry, placed, "binding failed: " + error, false);
            } else if (status.isSuccess()) {
                bound.incrementAndGet();
                outcome.bound(entry, placed.node());
            } else {
                outcome.failed(entry, placed, status.message(),
                        status.code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
            }
        });
    }

    /** Permit, then PreBind: success when every plugin let the pod through. */
    private Status preBindSteps(PluginSet plugins, CycleResult.Placed placed, PodInfo pod) {
        for (Named<PermitPlugin> p : plugins.permits()) {
            Status s = permit(p, placed, pod);
            if (!s.isSuccess()) {
                return Status.error(p.name() + " Permit: " + s.message());
            }
        }
        for (Named<PreBindPlugin> p : plugins.preBinds()) {
            Status s = p.plugin().preBind(placed.state(), pod, placed.node());
            if (!s.isSuccess()) {
                return Status.error(p.name() + " PreBind: " + s.message());
            }
        }
        return Status.success();
    }

    /** The Bind extension point, timed: the bind plugins (on the pool, they may block), else the API binding. */
    private CompletableFuture<Status> bindStep(PluginSet plugins, CycleResult.Placed placed, PodInfo pod) {
        long start = System.nanoTime();
        CompletableFuture<Status> bindings = plugins.binds().isEmpty() ? apiBinding(pod, placed.node())
                : CompletableFuture.supplyAsync(() -> bindPlugins(plugins, placed, pod), pluginPool)
                        .thenCompose(s -> s.code() == Status.Code.SKIP ? apiBinding(pod, placed.node())
                                : CompletableFuture.completedFuture(s));
        return bindings.whenComplete((status, error) -> metrics.bind(
                error != null ? Status.Code.ERROR : status.code(), System.nanoTime() - start));
    }

    /** @return SKIP when no bind plugin bound the pod (the API binding follows), else the result */
    private static Status bindPlugins(PluginSet plugins, CycleResult.Placed placed, PodInfo pod) {
        for (Named<BindPlugin> p : plugins.binds()) {
            Status s = p.plugin().bind(placed.state(), pod, placed.node());
            if (s.code() != Status.Code.SKIP) {
                return s.isSuccess() ? s : Status.error(p.name() + " Bind: " + s.message());
            }
        }
        return Status.skip();
    }

    private static Status permit(Named<PermitPlugin> p, CycleResult.Placed placed, PodInfo pod) {
        long deadline = System.nanoTime() + p.plugin().waitTimeout().toNanos();
        while (true) {
            Status s = p.plugin().permit(placed.state(), pod, placed.node());
            if (s.code() != Status.Code.WAIT) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                return Status.unschedulable("timed out waiting for permission");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Status.error("interrupted");
            }
        }
    }

    private CompletableFuture<Status> apiBinding(PodInfo pod, String node) {
        var meta = pod.pod().getMetadata();
        return api.bind(meta.getNamespace(), meta.getName(), meta.getUid(), node).thenApply(answer -> {
            if (answer.ok()) {
                return Status.success();
            }
            // 404: the pod is gone; 409: bound already or being deleted: nothing to retry
            boolean gone = answer.code() == 404 || answer.code() == 409;
            String message = "binding rejected (" + answer.code() + "): " + answer.body();
            return gone ? Status.unresolvable(message) : Status.error(message);
        });
    }

    long boundCount() {
        return bound.get();
    }

    /** Waits (bounded) for bindings in flight, so none is cut off by a shutdown. */
    @Override
    public void close() {
        try {
            if (slots.tryAcquire(maxInFlight, 10, TimeUnit.SECONDS)) {
                slots.release(maxInFlight);
            } else {
                LOG.warn("bindings still in flight at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pluginPool.shutdownNow();
    }
}
