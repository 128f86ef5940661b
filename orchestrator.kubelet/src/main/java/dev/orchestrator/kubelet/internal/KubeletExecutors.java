package dev.orchestrator.kubelet.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The threads of every kubelet in the process, so that a kubelet costs memory, not threads: a
 * thousand hollow nodes share the same few timer threads and one bounded pod sync pool. A private
 * service of the kubelet bundle (its type is not exported); a kubelet uses these executors but
 * never shuts them down: it cancels its own scheduled tasks when it closes. Deactivation stops
 * every thread, after the kubelets that reference it have closed.
 */
@Component(name = "orchestrator.kubelet.executors", service = KubeletExecutors.class)
@Designate(ocd = KubeletExecutorsConfig.class)
public final class KubeletExecutors {

    private final ScheduledThreadPoolExecutor timers;
    private final ThreadPoolExecutor podSyncs;
    private final ThreadPoolExecutor eventWriter;
    private final ThreadPoolExecutor terminations;
    private final ThreadPoolExecutor probes;

    @Activate
    public KubeletExecutors(KubeletExecutorsConfig config) {
        timers = new ScheduledThreadPoolExecutor(positive("timerThreads", config.timerThreads()),
                new NamedThreads("kubelet-timer"));
        timers.setRemoveOnCancelPolicy(true); // a closed kubelet's periodic tasks leave the queue at once
        int syncs = positive("podSyncThreads", config.podSyncThreads());
        podSyncs = new ThreadPoolExecutor(syncs, syncs, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new NamedThreads("kubelet-pod"));
        podSyncs.allowCoreThreadTimeOut(true);
        eventWriter = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(positive("eventQueue", config.eventQueue())), new NamedThreads("kubelet-events"));
        eventWriter.allowCoreThreadTimeOut(true);
        terminations = new ThreadPoolExecutor(0, positive("terminationThreads", config.terminationThreads()), 30,
                TimeUnit.SECONDS, new SynchronousQueue<>(), new NamedThreads("kubelet-stop"),
                new ThreadPoolExecutor.CallerRunsPolicy());
        int probeThreads = positive("probeThreads", config.probeThreads());
        // unbounded queue, yet bounded in practice: each probe has at most one run queued or running
        probes = new ThreadPoolExecutor(probeThreads, probeThreads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new NamedThreads("kubelet-probe"));
        probes.allowCoreThreadTimeOut(true);
    }

    /** Timers: short periodic and delayed tasks. */
    ScheduledExecutorService timers() {
        return timers;
    }

    /** Pod syncs (may block on the runtime). */
    ExecutorService podSyncs() {
        return podSyncs;
    }

    /** One thread writing events; rejects when its queue is full (events are dropped then). */
    ExecutorService eventWriter() {
        return eventWriter;
    }

    /** Graceful stops of containers, each waiting for its grace period. */
    ExecutorService terminations() {
        return terminations;
    }

    /** Container probes; a probe blocks at most its timeout. */
    ExecutorService probes() {
        return probes;
    }

    @Deactivate
    void deactivate() {
        timers.shutdownNow();
        podSyncs.shutdownNow();
        eventWriter.shutdownNow();
        terminations.shutdownNow();
        probes.shutdownNow();
        try {
            podSyncs.awaitTermination(10, TimeUnit.SECONDS);
            timers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
        return value;
    }
}
