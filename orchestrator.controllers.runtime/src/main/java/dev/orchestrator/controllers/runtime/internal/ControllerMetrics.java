package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.api.controller.Result;
import dev.orchestrator.support.metrics.LatencyHistogram;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The counters of one controller (by name). Kept by the runtime across restarts of the controller
 * (a reconciler bundle update, a change of leader), so counters only go up while the runtime runs.
 */
final class ControllerMetrics {

    final AtomicLong adds = new AtomicLong();
    final LongAdder errors = new LongAdder();
    final LatencyHistogram latency = new LatencyHistogram();
    private final Map<Result.Action, LongAdder> reconciles = new EnumMap<>(Result.Action.class);
    private volatile IntSupplier depth = () -> 0;
    private volatile IntSupplier active = () -> 0;

    ControllerMetrics() {
        for (Result.Action action : Result.Action.values()) {
            reconciles.put(action, new LongAdder());
        }
    }

    /** One reconcile ended with this action after this many nanoseconds; {@code failed} when it threw. */
    void reconciled(Result.Action action, long nanos, boolean failed) {
        reconciles.get(action).increment();
        latency.observeNanos(nanos);
        if (failed) {
            errors.increment();
        }
    }

    long reconciles(Result.Action action) {
        return reconciles.get(action).sum();
    }

    long reconcilesTotal() {
        return reconciles.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** The running controller's queue depth and reconciles in progress (0 while it is stopped). */
    void attach(IntSupplier queueDepth, IntSupplier inProgress) {
        this.depth = queueDepth;
        this.active = inProgress;
    }

    void detach() {
        attach(() -> 0, () -> 0);
    }

    int depth() {
        return depth.getAsInt();
    }

    int active() {
        return active.getAsInt();
    }
}
