package dev.orchestrator.kubelet.internal.probes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One probe of one running container: a tick every period on the shared timers hands one probe run
 * to the probe pool (a run still going skips the tick, so a slow probe never piles up), and
 * consecutive results move the verdict once a threshold is reached. Liveness and readiness wait
 * for the startup probe to pass; a startup probe stops once it passed; a liveness or startup probe
 * that failed for good holds (the container is killed and its successor gets a new worker).
 */
final class ProbeWorker {

    /** What a worker needs from its owner; one instance per kubelet. */
    record Context(ScheduledExecutorService timers, ExecutorService pool, ProbeHandlers handlers,
                   ProbeResults results, PodEvents events, java.util.function.Consumer<String> changed) {
    }

    private final Context context;
    private final ProbeKind kind;
    private final Probe probe;
    private final ProbeSettings settings;
    private final String podUid;
    private final boolean gatedByStartup;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile ProbeTarget target;
    private volatile Pod pod;
    private volatile boolean stopped;
    private volatile Future<?> ticks;
    /** Consecutive results of the same outcome; touched only by the one run at a time. */
    private boolean lastPassed;
    private int run;

    ProbeWorker(Context context, ProbeKind kind, Pod pod, ProbeTarget target) {
        this.context = context;
        this.kind = kind;
        this.probe = kind.of(target.spec());
        this.settings = ProbeSettings.of(probe, kind);
        this.pod = pod;
        this.podUid = pod.getMetadata().getUid();
        this.target = target;
        this.gatedByStartup = kind != ProbeKind.STARTUP && target.spec().getStartupProbe() != null;
    }

    /**
     * Starts ticking: the first probe once {@code initialDelaySeconds} have passed since the
     * container started; a container that started long ago (adopted by a new kubelet) is probed
     * after a random part of the period, so that a restart does not probe everything at once.
     */
    void start(Instant containerStarted, boolean adopted) {
        context.results().init(target.containerId(), kind);
        long untilDelay = Duration.between(Instant.now(), containerStarted.plus(settings.initialDelay())).toMillis();
        long first = Math.max(0, untilDelay);
        if (adopted && untilDelay <= 0) {
            first = ThreadLocalRandom.current().nextLong(Math.max(1, settings.period().toMillis()));
        }
        try {
            ticks = context.timers().scheduleWithFixedDelay(this::tick, first, settings.period().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            stopped = true;
        }
        if (stopped) {
            stop();
        }
    }

    /** The latest pod object and address (a pod's IP can appear after its containers start). */
    void refresh(Pod latest, ProbeTarget latestTarget) {
        pod = latest;
        target = latestTarget;
    }

    void stop() {
        stopped = true;
        Future<?> t = ticks;
        if (t != null) {
            t.cancel(false);
        }
    }

    private void tick() {
        if (stopped || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            context.pool().execute(this::runOnce);
        } catch (RejectedExecutionException shuttingDown) {
            running.set(false);
        }
    }

    private void runOnce() {
        try {
            if (gatedByStartup && !context.results().passing(target.containerId(), ProbeKind.STARTUP)) {
                return; // liveness and readiness begin once the container has started
            }
            ProbeResult result = context.handlers().run(probe, target, settings.timeout());
            if (!stopped) {
                record(result);
            }
        } finally {
            running.set(false);
        }
    }

    private void record(ProbeResult result) {
        boolean passed = result.passed();
        if (!passed) {
            String verb = result.outcome() == ProbeResult.Outcome.ERROR ? " probe errored: " : " probe failed: ";
            context.events().record(pod, true, "Unhealthy", kind.title() + verb + result.message());
        }
        run = passed == lastPassed ? run + 1 : 1;
        lastPassed = passed;
        if (passed ? run < settings.successThreshold() : run < settings.failureThreshold()) {
            return;
        }
        String id = target.containerId();
        boolean changed = context.results().set(id, kind, passed);
        if (!passed && kind != ProbeKind.READINESS) {
            context.results().markFailed(id, kind);
            stop(); // hold until the container is replaced
            changed = true;
        } else if (passed && kind == ProbeKind.STARTUP) {
            stop(); // a started container stays started
        }
        if (changed) {
            context.changed().accept(podUid);
        }
    }

    ProbeSettings settings() {
        return settings;
    }

    ProbeKind kind() {
        return kind;
    }
}
