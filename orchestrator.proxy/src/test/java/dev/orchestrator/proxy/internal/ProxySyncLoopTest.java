package dev.orchestrator.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.proxy.ProxyState.Destinations;
import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.api.proxy.ProxyState.Protocol;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxySyncException;
import dev.orchestrator.api.proxy.ServiceProxy;
import dev.orchestrator.testing.Eventually;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sync loop against proxies that record what they were asked (a test double of a proxy, not of the kernel). */
class ProxySyncLoopTest {

    private final AtomicReference<Optional<ProxyState>> desired = new AtomicReference<>(Optional.empty());
    /** How often the loop asked for the desired state: a round has run when it grows. */
    private final AtomicInteger rounds = new AtomicInteger();
    private final ProxySyncLoop loop = new ProxySyncLoop(() -> {
        rounds.incrementAndGet();
        return desired.get();
    },
            new ProxySyncLoop.Timing(Duration.ofMillis(20), Duration.ofHours(1), Duration.ofSeconds(1)),
            new ProxySyncMetrics(), Clock.systemUTC());

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void nothingIsProgrammedBeforeTheCachesSyncThenANewProxyGetsAFullSyncAndLaterOnlyChanges() throws Exception {
        RecordingProxy proxy = new RecordingProxy("a");
        loop.add(proxy);
        loop.start();
        awaitRoundAfter(loop::changed);
        assertTrue(proxy.calls.isEmpty(), "an empty state before the caches synced would wipe a node's rules");

        desired.set(Optional.of(state("web")));
        loop.changed();
        Eventually.until("the proxy syncs", 20, () -> proxy.calls.size() == 1);
        assertEquals(ServiceProxy.SyncScope.FULL, proxy.calls.get(0).scope());

        desired.set(Optional.of(state("web", "api")));
        loop.changed();
        Eventually.until("the proxy syncs", 20, () -> proxy.calls.size() == 2);
        assertEquals(ServiceProxy.SyncScope.CHANGES, proxy.calls.get(1).scope());
        assertEquals(2, proxy.calls.get(1).state().services().size());

        awaitRoundAfter(loop::changed);
        assertEquals(2, proxy.calls.size(), "an unchanged state is not programmed again");

        RecordingProxy second = new RecordingProxy("b");
        loop.add(second);
        Eventually.until("the proxy syncs", 20, () -> second.calls.size() == 1);
        assertEquals(ServiceProxy.SyncScope.FULL, second.calls.get(0).scope());
        assertEquals(2, proxy.calls.size(), "the proxy already up to date is left alone");
    }

    @Test
    void aRefusedSyncIsRetriedWithoutHoldingUpTheOtherProxy() throws Exception {
        RecordingProxy failing = new RecordingProxy("bad");
        failing.refuse.set(true);
        RecordingProxy healthy = new RecordingProxy("good");
        loop.add(failing);
        loop.add(healthy);
        desired.set(Optional.of(state("web")));
        loop.start();
        loop.changed();
        Eventually.until("the proxy syncs", 20, () -> healthy.calls.size() == 1 && failing.attempts.get() >= 1);
        failing.refuse.set(false);
        Eventually.until("the proxy syncs", 20, () -> failing.calls.size() == 1);
        assertEquals(ServiceProxy.SyncScope.FULL, failing.calls.get(0).scope());
    }

    @Test
    void aProxyWhoseBundleWentAwayMidSyncDoesNotStopTheLoop() throws Exception {
        RecordingProxy gone = new RecordingProxy("gone");
        gone.linkageError.set(true);
        RecordingProxy healthy = new RecordingProxy("good");
        loop.add(gone);
        loop.add(healthy);
        desired.set(Optional.of(state("web")));
        loop.start();
        loop.changed();
        Eventually.until("the proxy syncs", 20, () -> healthy.calls.size() == 1 && gone.attempts.get() >= 1);
        loop.remove(gone);
        desired.set(Optional.of(state("web", "api")));
        loop.changed();
        Eventually.until("the proxy syncs", 20, () -> healthy.calls.size() == 2);
    }

    @Test
    void removeWaitsForTheSyncInProgressAndNoLaterRoundSyncsTheRemovedProxy() throws Exception {
        RecordingProxy leaving = new RecordingProxy("leaving");
        leaving.hold = new CountDownLatch(1);
        loop.add(leaving);
        desired.set(Optional.of(state("web")));
        loop.start();
        loop.changed();
        Eventually.until("the sync starts", 20, () -> leaving.attempts.get() == 1);

        CompletableFuture<Void> removal = CompletableFuture.runAsync(() -> loop.remove(leaving));
        // its owner would now delete the rules: that must wait, or the sync in progress writes them back after
        Eventually.until("remove waits for the sync in progress", 20,
                () -> loop.removalWaiting() || removal.isDone());
        assertFalse(removal.isDone(), "remove returned while a sync of that proxy was still writing");
        leaving.hold.countDown();
        removal.get(20, TimeUnit.SECONDS);

        desired.set(Optional.of(state("web", "api")));
        awaitRoundAfter(loop::changed);
        assertEquals(1, leaving.attempts.get(), "a removed proxy is not synced again");
    }

    private static ProxyState state(String... names) {
        List<ServicePort> ports = java.util.Arrays.stream(names)
                .map(n -> new ServicePort(new PortKey("default", n, "", Protocol.TCP), "10.96.0.1", 80, 0, List.of(),
                        0, new Destinations(List.of(), false), new Destinations(List.of(), false)))
                .toList();
        return new ProxyState(ports, List.of("127.0.0.1"), List.of("10.244.0.0/16"));
    }

    /** Runs {@code action} and waits until the loop has run a whole round after it. */
    private void awaitRoundAfter(Runnable action) throws Exception {
        int before = rounds.get();
        action.run();
        // the round that read the state may still be programming: the one after it has surely finished it
        Eventually.until("the proxy syncs", 20, () -> rounds.get() >= before + 1);
        int seen = rounds.get();
        loop.changed();
        Eventually.until("the proxy syncs", 20, () -> rounds.get() > seen);
    }

    private record Call(ProxyState state, ServiceProxy.SyncScope scope) {
    }

    private static final class RecordingProxy implements ServiceProxy {
        final String mode;
        final List<Call> calls = new CopyOnWriteArrayList<>();
        final AtomicBoolean refuse = new AtomicBoolean();
        final AtomicBoolean linkageError = new AtomicBoolean();
        final AtomicInteger attempts = new AtomicInteger();
        volatile CountDownLatch hold = new CountDownLatch(0);

        RecordingProxy(String mode) {
            this.mode = mode;
        }

        @Override
        public String mode() {
            return mode;
        }

        @Override
        public SyncReport sync(ProxyState desired, SyncScope scope) throws ProxySyncException {
            attempts.incrementAndGet();
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (linkageError.get()) {
                throw new NoClassDefFoundError("the bundle wiring is no longer valid (as Felix says)");
            }
            if (refuse.get()) {
                throw new ProxySyncException("refused on purpose");
            }
            calls.add(new Call(desired, scope));
            return new SyncReport(scope == SyncScope.FULL, desired.services().size(), 0);
        }
    }
}
