package dev.orchestrator.kubelet.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pod syncs: never two at once for the same pod, any number of pods in parallel (bounded by
 * the executor). A pod enqueued while its sync runs is synced once more afterwards (events during
 * a sync are never lost, and many collapse into one). A sync may ask to run again after a delay
 * (a back-off ending); a sync that throws is retried after a short pause.
 */
final class PodWorkers {

    private static final Logger LOG = LoggerFactory.getLogger(PodWorkers.class);
    private static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(5);

    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final Function<String, Optional<Duration>> sync;
    /** uid → true while queued or running and enqueued again since it started. */
    private final Map<String, Boolean> active = new HashMap<>();
    private boolean closed;

    PodWorkers(ExecutorService workers, ScheduledExecutorService timers, Function<String, Optional<Duration>> sync) {
        this.workers = workers;
        this.timers = timers;
        this.sync = sync;
    }

    void enqueue(String uid) {
        synchronized (active) {
            if (closed) {
                return;
            }
            if (active.containsKey(uid)) {
                active.put(uid, true);
                return;
            }
            active.put(uid, false);
        }
        submit(uid);
    }

    void enqueueAfter(String uid, Duration delay) {
        try {
            timers.schedule(() -> enqueue(uid), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private boolean closed() {
        synchronized (active) {
            return closed;
        }
    }

    private void submit(String uid) {
        try {
            workers.execute(() -> run(uid));
        } catch (RejectedExecutionException e) {
            synchronized (active) {
                active.remove(uid);
                active.notifyAll();
            }
        }
    }

    /**
     * Stops taking pods and waits (bounded) for the syncs running now: the executor is shared, so
     * this kubelet's queued syncs are skipped instead of interrupted.
     */
    void close(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (active) {
            closed = true;
            try {
                while (!active.isEmpty() && System.nanoTime() < deadline) {
                    active.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run(String uid) {
        synchronized (active) {
            if (closed) {
                active.remove(uid);
                active.notifyAll();
                return;
            }
        }
        Optional<Duration> again;
        try {
            again = sync.apply(uid);
        } catch (RuntimeException e) {
            LOG.warn("pod sync failed, retrying uid={} error={}", uid, e.toString());
            again = Optional.of(RETRY_AFTER_ERROR);
        }
        boolean dirty;
        synchronized (active) {
            dirty = Boolean.TRUE.equals(active.get(uid)) && !closed;
            if (dirty) {
                active.put(uid, false);
            } else {
                active.remove(uid);
                active.notifyAll();
            }
        }
        if (dirty) {
            submit(uid);
        }
        if (!closed()) {
            again.ifPresent(d -> enqueueAfter(uid, d));
        }
    }
}
