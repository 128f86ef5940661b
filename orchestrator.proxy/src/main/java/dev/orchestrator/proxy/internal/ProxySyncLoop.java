package dev.orchestrator.proxy.internal;

import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxySyncException;
import dev.orchestrator.api.proxy.ServiceProxy;
import dev.orchestrator.api.proxy.ServiceProxy.SyncReport;
import dev.orchestrator.api.proxy.ServiceProxy.SyncScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that programs every proxy. Changes only mark the state dirty; the thread recomputes the whole
 * desired state at most once per minimum interval and hands it to each proxy that is not up to date, so a
 * burst of endpoint changes costs one sync. A proxy that refuses a sync keeps its previous rules and is retried
 * with back-off, without holding up the others. Proxies arriving later (a bundle installed or updated) get a
 * full sync at once, which is how a new proxy takes over from an old one with no gap. Once {@link #remove}
 * returns, the loop neither syncs that proxy nor is in a sync of it: its owner may then remove its rules
 * without a round that had already picked it writing them back.
 */
final class ProxySyncLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProxySyncLoop.class);

    /** Timings of the loop. */
    record Timing(Duration minInterval, Duration fullEvery, Duration maxRetry) {
    }

    private final Supplier<Optional<ProxyState>> desired;
    private final Timing timing;
    private final ProxySyncMetrics metrics;
    private final Clock clock;
    private final List<SyncTarget> targets = new ArrayList<>();
    private final Thread thread;
    /** Held for each proxy's sync, so that {@link #remove} can wait for one in progress. */
    private final ReentrantLock syncing = new ReentrantLock();
    private boolean dirty = true;
    private boolean closed;
    /** The caches had not synced at the last attempt: only a change (their sync is one) is worth waking for. */
    private boolean starved;
    private Instant lastSync = Instant.MIN;

    /**
     * @param desired the current desired state, empty while the caches have not synced (programming an empty
     *        state then would remove every rule of a running node)
     */
    ProxySyncLoop(Supplier<Optional<ProxyState>> desired, Timing timing, ProxySyncMetrics metrics, Clock clock) {
        this.desired = desired;
        this.timing = timing;
        this.metrics = metrics;
        this.clock = clock;
        this.thread = new Thread(this::run, "orch-proxy-sync");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    synchronized void add(ServiceProxy proxy) {
        targets.add(new SyncTarget(proxy));
        notifyAll();
    }

    void remove(ServiceProxy proxy) {
        synchronized (this) {
            targets.removeIf(t -> t.proxy() == proxy);
        }
        syncing.lock();
        syncing.unlock();
    }

    /** Something the desired state depends on changed. */
    synchronized void changed() {
        dirty = true;
        starved = false;
        notifyAll();
    }

    private void run() {
        while (true) {
            List<SyncTarget> round;
            ProxyState state;
            synchronized (this) {
                if (!awaitWork()) {
                    return;
                }
                dirty = false;
                lastSync = clock.instant();
                round = List.copyOf(targets);
            }
            Optional<ProxyState> computed;
            try {
                computed = desired.get();
            } catch (RuntimeException e) {
                // the caches hold something the planner did not expect: keep the rules, try at the next change
                LOG.error("proxy state could not be computed; rules left as they are", e);
                continue;
            }
            if (computed.isEmpty()) {
                synchronized (this) {
                    starved = true;
                }
                continue;
            }
            state = computed.get();
            for (SyncTarget target : round) {
                syncing.lock();
                try {
                    if (stillTarget(target)) {
                        syncOne(target, state);
                    }
                } finally {
                    syncing.unlock();
                }
            }
        }
    }

    /** Waits until a change may be programmed or a proxy needs a retry or a full sync; false once closed. */
    private boolean awaitWork() {
        try {
            while (!closed) {
                Instant now = clock.instant();
                Instant wake = dirty ? later(lastSync.plus(timing.minInterval()), now) : Instant.MAX;
                for (SyncTarget t : starved ? List.<SyncTarget>of() : targets) {
                    Instant own = t.nextWake(timing.fullEvery());
                    wake = own.isBefore(wake) ? own : wake;
                }
                if (!now.isBefore(wake)) {
                    return true;
                }
                long millis = wake == Instant.MAX ? 0 : Math.max(1, Duration.between(now, wake).toMillis());
                wait(millis);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether a {@link #remove} is waiting for the sync in progress to end. */
    boolean removalWaiting() {
        return syncing.hasQueuedThreads();
    }

    private synchronized boolean stillTarget(SyncTarget target) {
        return targets.contains(target);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void syncOne(SyncTarget target, ProxyState state) {
        Instant now = clock.instant();
        SyncScope scope = target.due(state, now, timing.fullEvery());
        if (scope == null) {
            return;
        }
        String mode = target.mode();
        long started = System.nanoTime();
        try {
            SyncReport report = target.proxy().sync(state, scope);
            double seconds = (System.nanoTime() - started) / 1e9;
            target.succeeded(state, scope, now);
            metrics.synced(mode, scope, seconds, state.services().size());
            LOG.debug("proxy synced mode={} scope={} services={} written={} removed={} seconds={}", mode, scope,
                    state.services().size(), report.servicesWritten(), report.servicesRemoved(), seconds);
        } catch (ProxySyncException | RuntimeException | LinkageError e) {
            // A LinkageError is a proxy whose bundle was updated or removed while this round held it: its
            // successor arrives as a new target. Either way the thread must survive to serve the others.
            Duration wait = target.failed(clock.instant(), timing.maxRetry());
            metrics.failed(mode);
            LOG.warn("proxy sync refused mode={} scope={} failures={} retryIn={}s: {}", mode, scope,
                    target.failures(), wait.toSeconds(), e.getMessage(), e instanceof ProxySyncException ? null : e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
