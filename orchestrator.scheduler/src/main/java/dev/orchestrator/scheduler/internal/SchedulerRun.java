package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.scheduler.CycleState;

import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.client.SharedInformers;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One period of scheduling (while this instance leads): informers fill the queue and the node
 * cache, one thread runs cycles, the binder binds. Everything it knows it learnt from the API,
 * so a new run (after a bundle update or a change of leader) starts from a fresh list.
 */
final class SchedulerRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerRun.class);

    private final KubernetesClient client;
    private final SharedInformers shared;
    private final SchedulerConfig config;
    private final Supplier<PluginSet> plugins;
    private final SchedulingQueue queue;
    private final NodeCache cache = new NodeCache();
    private final NodeWorkers workers;
    private final SchedulingCycle cycle;
    private final Binder binder;
    private final PodEvents events;
    private final Thread loop;
    private final SchedulerMetrics metrics;
    /** The informers' event handlers once they are subscribed (they count the gated pods). */
    private volatile ClusterEvents handlers;
    private final List<SharedInformers.Subscription<?>> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private long heldSince;

    SchedulerRun(KubernetesClient client, SharedInformers shared, SchedulerConfig config,
                 Supplier<PluginSet> plugins, SchedulerMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
        this.shared = shared;
        this.config = config;
        this.plugins = plugins;
        this.queue = new SchedulingQueue(System::currentTimeMillis, config.initialBackoffMillis(),
                config.maxBackoffMillis(), TimeUnit.SECONDS.toMillis(config.unschedulableRetrySeconds()));
        int parallelism = config.parallelism() > 0 ? config.parallelism() : Runtime.getRuntime().availableProcessors();
        this.workers = new NodeWorkers(parallelism, "scheduler-" + config.schedulerName() + "-nodes");
        this.cycle = new SchedulingCycle(workers, config.percentageOfNodesToScore(), config.preemption());
        ApiCalls api = new ApiCalls(client);
        this.binder = new Binder(api, Math.max(1, config.maxBindingsInFlight()), "scheduler-" + config.schedulerName(),
                metrics);
        this.events = new PodEvents(api, config.schedulerName(), 64);
        this.loop = new Thread(this::run, "scheduler-" + config.schedulerName());
        loop.setDaemon(true);
    }

    void start() {
        loop.start();
    }

    /** Wakes the loop after the plugins changed (e.g. a held queue can go on). */
    void pluginsChanged() {
        queue.wakeUp();
        synchronized (this) {
            notifyAll();
        }
    }

    private void run() {
        try {
            if (!startInformers()) {
                return;
            }
            LOG.info("scheduler started schedulerName={} nodes={} plugins={}", config.schedulerName(),
                    cache.nodeCount(), plugins.get());
            while (running) {
                try {
                    scheduleOne();
                } catch (RuntimeException e) {
                    // a bug must not stop scheduling for good: log it and go on with the next pod
                    LOG.error("scheduling step failed schedulerName={}", config.schedulerName(), e);
                    TimeUnit.SECONDS.sleep(1);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Nodes first, then pods, each listed and watched before scheduling starts. The supervisor
     * retries any failure (API unreachable, a list that cannot be read) with back-off for as long
     * as the run lasts; undecodable objects are skipped by the client.
     *
     * @return false when the run ended before both informers started
     */
    private boolean startInformers() throws InterruptedException {
        ClusterEvents handlers = new ClusterEvents(config.schedulerName(), queue, cache);
        this.handlers = handlers;
        SharedInformers.Subscription<Node> nodes = shared.subscribe(Node.class);
        subscriptions.add(nodes);
        nodes.addHandler(handlers.nodes());
        if (!awaitStarted(nodes.synced())) {
            return false;
        }
        SharedInformers.Subscription<Pod> pods = shared.subscribe(Pod.class);
        subscriptions.add(pods);
        pods.addHandler(handlers.pods());
        return awaitStarted(pods.synced());
    }

    private boolean awaitStarted(CompletableFuture<Void> started) throws InterruptedException {
        while (running) {
            try {
                started.get(1, TimeUnit.SECONDS);
                return true;
            } catch (TimeoutException stillTrying) {
                // the supervisor logs each failed attempt
            } catch (ExecutionException stopped) {
                return false; // closed before it started
            }
        }
        return false;
    }

    private void scheduleOne() throws InterruptedException {
        PluginSet current = awaitReady();
        if (current == null) {
            return;
        }
        binder.awaitSlot();
        SchedulingQueue.Entry entry = null;
        try {
            entry = queue.pop();
        } finally {
            if (entry == null) { // closed or interrupted: the slot must not hold up the binder's close
                binder.releaseSlot();
            }
        }
        if (entry == null) {
            return;
        }
        current = plugins.get();
        if (!current.ready()) {
            queue.putBack(entry);
            binder.releaseSlot();
            return;
        }
        PodInfo pod = entry.pod();
        long popped = System.nanoTime(); // the attempt starts: its duration counts from here
        CycleResult result = cycle.schedule(current, cache.snapshot(), pod);
        metrics.algorithm(System.nanoTime() - popped);
        if (result instanceof CycleResult.Placed placed) {
            cache.assume(pod, placed.node());
            Binder.Outcome outcome = outcome(current, popped);
            try {
                binder.bind(current, placed, entry, outcome);
            } catch (RuntimeException e) {
                binder.releaseSlot();
                outcome.failed(entry, placed, "binding could not start: " + e, false);
            }
            return;
        }
        binder.releaseSlot();
        if (result instanceof CycleResult.Unschedulable u) {
            LOG.debug("unschedulable pod={} message={}", pod.key(), u.message());
            metrics.attempt(SchedulerMetrics.Result.UNSCHEDULABLE, System.nanoTime() - popped);
            events.failed(pod, u.message(), true);
            u.preemption().ifPresent(choice -> events.preempt(pod, choice));
            queue.failed(entry, !u.retrySoon());
        } else if (result instanceof CycleResult.Failed f) {
            LOG.warn("scheduling failed pod={} message={}", pod.key(), f.message());
            metrics.attempt(SchedulerMetrics.Result.ERROR, System.nanoTime() - popped);
            events.failed(pod, f.message(), false);
            queue.failed(entry, false);
        }
    }

    /** @return the plugins once the profile's strategy is present; null when the run ends meanwhile */
    private PluginSet awaitReady() throws InterruptedException {
        PluginSet current = plugins.get();
        if (current.ready()) {
            if (heldSince != 0) {
                LOG.info("strategy present, queue released strategy={} heldMillis={}", current.strategy(),
                        System.currentTimeMillis() - heldSince);
                heldSince = 0;
            }
            return current;
        }
        if (heldSince == 0) {
            heldSince = System.currentTimeMillis();
            LOG.info("holding the queue until the strategy and required plugins are present schedulerName={} "
                    + "strategy={} missing={}", config.schedulerName(),
                    config.strategy().isEmpty() ? "<any>" : config.strategy(), current.missing());
        }
        synchronized (this) {
            wait(100);
        }
        return null;
    }

    /** @param popped when the pod left the queue ({@link System#nanoTime()}), the start of its attempt */
    private Binder.Outcome outcome(PluginSet used, long popped) {
        return new Binder.Outcome() {
            @Override
            public void bound(SchedulingQueue.Entry entry, String node) {
                metrics.attempt(SchedulerMetrics.Result.SCHEDULED, System.nanoTime() - popped);
                queue.done(entry.pod().key());
                if (config.scheduledEvents()) {
                    events.scheduled(entry.pod(), node);
                }
            }

            @Override
            public void failed(SchedulingQueue.Entry entry, CycleResult.Placed placed, String message, boolean gone) {
                PodInfo pod = entry.pod();
                String node = placed.node();
                metrics.attempt(SchedulerMetrics.Result.ERROR, System.nanoTime() - popped);
                cache.forget(pod.key());
                // the cycle's own state: Unreserve may need what Reserve wrote into it
                SchedulingCycle.unreserve(used.reserves(), placed.state(), pod, node);
                if (gone) {
                    queue.done(pod.key());
                    return;
                }
                LOG.warn("binding failed pod={} node={} message={}", pod.key(), node, message);
                events.failed(pod, "Binding rejected: " + message, false);
                queue.failed(entry, false);
            }
        };
    }

    /** @return queue sizes (active, backoff, unschedulable, in flight) */
    int[] queueSizes() {
        return queue.sizes();
    }

    /** The pending pods by queue, for the metrics; gated pods counted once the informers run. */
    SchedulerMetrics.QueueDepths queueDepths() {
        int[] sizes = queue.sizes();
        ClusterEvents h = handlers;
        return new SchedulerMetrics.QueueDepths(sizes[0], sizes[1], sizes[2], h == null ? 0 : h.gatedCount());
    }

    @Override
    public void close() {
        running = false;
        queue.close();
        loop.interrupt();
        try {
            loop.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        binder.close();
        subscriptions.forEach(SharedInformers.Subscription::close);
        workers.close();
        LOG.info("scheduler stopped schedulerName={} bound={} eventsDropped={}", config.schedulerName(),
                binder.boundCount(), events.dropped());
    }
}
