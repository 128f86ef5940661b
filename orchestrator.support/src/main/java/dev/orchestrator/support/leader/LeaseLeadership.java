package dev.orchestrator.support.leader;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Role} only while this instance holds a coordination.k8s.io Lease (or always, when
 * leader election is off), with fabric8's leader elector. On close the lease is released and this
 * waits briefly until the API shows it released, so a replacement (an updated bundle, another
 * master) takes over at once instead of after the lease expires.
 *
 * <p>Shared by the scheduler and the controller runtime; each copies this package privately.
 */
public final class LeaseLeadership implements AutoCloseable {

    /** What runs while leading. Both calls come under this leadership's lock, never concurrently. */
    public interface Role {
        /** This instance became the leader (or leader election is off): start working. */
        void startLeading();

        /** Leadership was lost, or the leadership is closing: stop working before returning. */
        void stopLeading();
    }

    private static final Logger LOG = LoggerFactory.getLogger(LeaseLeadership.class);

    private final KubernetesClient client;
    private final LeaseSettings settings;
    private final Role role;
    private final String identity;
    private CompletableFuture<?> election;
    private volatile boolean leading;

    public LeaseLeadership(KubernetesClient client, LeaseSettings settings, Role role) {
        this.client = client;
        this.settings = settings;
        this.role = role;
        this.identity = hostName() + "_" + UUID.randomUUID();
    }

    /** Starts leading at once (election off) or starts competing for the lease. */
    public synchronized void start() {
        if (!settings.enabled()) {
            startLeading();
            return;
        }
        String lease = settings.name();
        election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(lease)
                .withLock(new LeaseLock(settings.namespace(), lease, identity))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading,
                        leader -> LOG.info("leader lease={}/{} leader={}", settings.namespace(), lease, leader)))
                .build()).build().start();
    }

    /** True while the role runs (never blocks: a metrics scrape may ask while leadership changes). */
    public boolean leading() {
        return leading;
    }

    private synchronized void startLeading() {
        if (!leading) {
            LOG.info("leading lease={}/{} identity={}", settings.namespace(), settings.name(), identity);
            leading = true;
            role.startLeading();
        }
    }

    private synchronized void stopLeading() {
        if (leading) {
            LOG.info("no longer leading lease={}/{} identity={}", settings.namespace(), settings.name(), identity);
            leading = false;
            role.stopLeading();
        }
    }

    @Override
    public void close() {
        CompletableFuture<?> e;
        boolean wasLeading;
        synchronized (this) {
            e = election;
            election = null;
            wasLeading = leading;
        }
        stopLeading();
        if (e != null) {
            cancel(e);
            if (wasLeading) {
                awaitRelease();
            }
        }
    }

    /**
     * Ends the election; fabric8 then releases the lease if this instance holds it, which first
     * reads the lease — with the API away, for as long as the client retries. So the cancel runs
     * on the common pool and is waited for a bounded time only (the lease expires by itself).
     * Running it there also keeps the caller's classes out of the stack of the
     * {@code CancellationException} that fabric8 keeps: after a bundle update, that stack would
     * otherwise pin the old class loader.
     */
    private void cancel(CompletableFuture<?> election) {
        try {
            // a bound method reference, not a lambda: a lambda's body is a method of this class and
            // would be on the stack
            CompletableFuture.completedFuture(Boolean.TRUE).thenApplyAsync(election::cancel)
                    .get(settings.retryPeriod().plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException ex) {
            LOG.info("leaving the lease to expire lease={}/{} reason={}", settings.namespace(), settings.name(),
                    ex.toString());
        }
    }

    /**
     * Waits (briefly) until the lease no longer names this instance, so that a replacement started
     * right after (a bundle update) acquires it on its first attempt instead of a retry period later.
     */
    private void awaitRelease() {
        long deadline = System.nanoTime() + settings.retryPeriod().plus(Duration.ofSeconds(1)).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                // bounded: the client itself would retry a failing request for much longer
                Lease current = CompletableFuture.supplyAsync(() -> client.leases()
                        .inNamespace(settings.namespace()).withName(settings.name()).get())
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

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
