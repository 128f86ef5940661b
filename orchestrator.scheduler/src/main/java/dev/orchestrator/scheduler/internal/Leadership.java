package dev.orchestrator.scheduler.internal;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scheduler only while this instance holds the profile's coordination.k8s.io Lease (or
 * always, when leader election is off). On close the lease is released, so a replacement (the
 * updated bundle, another master) takes over at once instead of after the lease expires.
 */
final class Leadership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final KubernetesClient client;
    private final SchedulerConfig config;
    private final Supplier<SchedulerRun> runs;
    private final String identity;
    private CompletableFuture<?> election;
    private SchedulerRun run;

    Leadership(KubernetesClient client, SchedulerConfig config, Supplier<SchedulerRun> runs) {
        this.client = client;
        this.config = config;
        this.runs = runs;
        this.identity = hostName() + "_" + UUID.randomUUID();
    }

    synchronized void start() {
        if (!config.leaderElection()) {
            startLeading();
            return;
        }
        String lease = leaseName();
        election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(lease)
                .withLock(new LeaseLock(config.leaseNamespace(), lease, identity))
                .withLeaseDuration(Duration.ofSeconds(config.leaseDurationSeconds()))
                .withRenewDeadline(Duration.ofSeconds(config.renewDeadlineSeconds()))
                .withRetryPeriod(Duration.ofSeconds(config.retryPeriodSeconds()))
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading,
                        leader -> LOG.info("scheduler leader lease={} leader={}", lease, leader)))
                .build()).build().start();
    }

    private synchronized void startLeading() {
        if (run == null) {
            LOG.info("leading, starting to schedule identity={}", identity);
            run = runs.get();
            run.start();
        }
    }

    private synchronized void stopLeading() {
        if (run != null) {
            LOG.info("no longer leading, stopping identity={}", identity);
            run.close();
            run = null;
        }
    }

    synchronized void pluginsChanged() {
        if (run != null) {
            run.pluginsChanged();
        }
    }

    @Override
    public void close() {
        CompletableFuture<?> e;
        boolean leading;
        synchronized (this) {
            e = election;
            election = null;
            leading = run != null;
        }
        stopLeading();
        if (e != null) {
            e.cancel(true); // releases the lease, asynchronously
            if (leading) {
                awaitRelease();
            }
        }
    }

    /**
     * Waits (briefly) until the lease no longer names this instance, so that a replacement started
     * right after (a bundle update) acquires it on its first attempt instead of a retry period later.
     */
    private void awaitRelease() {
        String lease = leaseName();
        long deadline = System.nanoTime() + Duration.ofSeconds(config.retryPeriodSeconds() + 1L).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                // bounded: the client itself would retry a failing request for much longer
                Lease current = CompletableFuture.supplyAsync(() -> client.leases()
                        .inNamespace(config.leaseNamespace()).withName(lease).get())
                        .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (current == null || current.getSpec() == null
                        || !identity.equals(current.getSpec().getHolderIdentity())) {
                    return;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException apiUnavailable) {
            // the lease expires by itself
        }
    }

    private String leaseName() {
        return config.leaseName().isBlank() ? "orchestrator-" + config.schedulerName() : config.leaseName();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
