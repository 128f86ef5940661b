package dev.orchestrator.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.store.KeyExistsException;
import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.ListRequest;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.StoreUnavailableException;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Updates the embedded store bundle while a consumer writes continuously, and checks the
 * hot-swap rules: the consumer rebinds to the new instance, no acknowledged write is lost,
 * and the old instance leaves no thread and no class loader behind.
 */
class StoreBundleUpdateIT {

    private static final String STORE_BSN = "orchestrator.store.embedded";
    private static final String THREAD_PREFIX = "orch-store-embedded-";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    private Path dataDir;
    private Configuration configuration;
    private ServiceTracker<Store, Store> tracker;

    @BeforeEach
    void configureStore() throws Exception {
        dataDir = Files.createTempDirectory("orch-itest-store");
        configuration = configAdmin.getConfiguration("orchestrator.store.embedded", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("dataDir", dataDir.toString());
        props.put("compactionIntervalSeconds", 0);
        configuration.update(props);
        tracker = new ServiceTracker<>(context, Store.class, null);
        tracker.open();
        assertNotNull(awaitStoreAt(dataDir, 20_000), "store on the configured data dir did not appear");
    }

    @AfterEach
    void cleanUp() throws Exception {
        tracker.close();
        configuration.delete();
        // the store closes when its configuration goes; then its directory can go too
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (java.util.stream.Stream<Path> paths = Files.walk(dataDir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                return;
            } catch (java.io.IOException stillOpen) {
                Thread.sleep(100);
            }
        }
    }

    @Test
    void updatingTheStoreBundleUnderWriteLoadLosesNothingAndLeaksNothing() throws Exception {
        abandonAWatch();
        Bundle storeBundle = Bundles.find(context, STORE_BSN);
        ConsumerLoop consumer = new ConsumerLoop(tracker);
        Thread writer = new Thread(consumer, "itest-consumer");
        writer.start();
        assertTrue(consumer.acked.await(30, TimeUnit.SECONDS), "consumer made no progress before the swap");

        Set<Thread> oldThreads = Bundles.threads(THREAD_PREFIX);
        assertTrue(!oldThreads.isEmpty(), "expected the store's writer and watch threads before the swap");
        Store before = tracker.getService();
        WeakReference<ClassLoader> oldLoader = new WeakReference<>(before.getClass().getClassLoader());
        long revisionBefore = before.currentRevision();
        before = null;

        // Only the error's type is kept: a Throwable holds the classes of its stack, and
        // keeping one thrown by the old bundle would keep the old class loader alive.
        CompletableFuture<String> watchEnd = new CompletableFuture<>();
        tracker.getService().watch("/swap/", 0, new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
            }

            @Override
            public void onClose(Optional<StoreException> error) {
                watchEnd.complete(error.map(e -> e.getClass().getName()).orElse("none"));
            }
        });
        int ackedBeforeSwap = consumer.ackedCount.get();
        storeBundle.update(); // a new revision from the bundle's location: new class loader, new instance
        Bundles.refresh(context, storeBundle);
        Store after = awaitNewStore(oldLoader, 20_000);
        int ackedAtRebind = consumer.ackedCount.get();
        long deadline = System.currentTimeMillis() + 30_000;
        while (consumer.ackedCount.get() < ackedAtRebind + 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        consumer.stop.set(true);
        writer.join(30_000);

        assertTrue(consumer.failure.get() == null, "consumer failed: " + consumer.failure.get());
        assertEquals(StoreUnavailableException.class.getName(), watchEnd.get(10, TimeUnit.SECONDS),
                "a watch on the old instance must end with StoreUnavailableException");
        assertTrue(consumer.ackedCount.get() >= ackedAtRebind + 200, "consumer did not keep writing after the swap");
        assertTrue(after.currentRevision() > revisionBefore, "new instance must continue the revision sequence");
        Set<String> stored = after.list(ListRequest.all("/swap/")).items().stream()
                .map(KeyValue::key).collect(Collectors.toSet());
        Set<String> lost = consumer.ackedKeys.stream().filter(k -> !stored.contains(k)).collect(Collectors.toSet());
        assertEquals(Set.of(), lost, "acknowledged writes lost across the update");
        assertTrue(consumer.ackedKeys.size() > ackedBeforeSwap);

        Bundles.assertReleased(oldThreads, oldLoader, "store bundle");
        System.out.printf("store bundle update + refresh: acked=%d (before swap %d), consumer retries=%d, "
                + "longest gap between acknowledged writes=%.1f ms%n", consumer.ackedCount.get(), ackedBeforeSwap,
                consumer.retries.get(), consumer.longestGapNanos / 1e6);
    }

    /** Writes new keys as fast as it can, rebinding to whatever Store is registered. */
    private static final class ConsumerLoop implements Runnable {
        final ServiceTracker<Store, Store> tracker;
        final Set<String> ackedKeys = ConcurrentHashMap.newKeySet();
        final AtomicInteger ackedCount = new AtomicInteger();
        final AtomicInteger retries = new AtomicInteger();
        volatile long longestGapNanos;
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch acked = new CountDownLatch(200);
        final java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();

        ConsumerLoop(ServiceTracker<Store, Store> tracker) {
            this.tracker = tracker;
        }

        @Override
        public void run() {
            try {
                long lastAck = System.nanoTime();
                for (int i = 0; !stop.get(); ) {
                    String key = "/swap/k" + i;
                    Store store = tracker.getService();
                    if (store == null) {
                        Thread.sleep(1); // between the old instance going and the new one coming
                        continue;
                    }
                    try {
                        store.create(key, ("v" + i).getBytes(StandardCharsets.UTF_8));
                    } catch (KeyExistsException committedBeforeTheSwap) {
                        // the earlier attempt was committed although its answer was lost
                    } catch (StoreException unavailable) {
                        retries.incrementAndGet();
                        continue;
                    }
                    long now = System.nanoTime();
                    longestGapNanos = Math.max(longestGapNanos, now - lastAck);
                    lastAck = now;
                    ackedKeys.add(key);
                    ackedCount.incrementAndGet();
                    acked.countDown();
                    i++;
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }
    }

    private Store awaitNewStore(WeakReference<ClassLoader> oldLoader, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            Store s = tracker.getService();
            if (s != null && s.getClass().getClassLoader() != oldLoader.get()) {
                assertNotSame(oldLoader.get(), s.getClass().getClassLoader());
                return s;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no Store from the new bundle revision within " + millis + " ms");
    }

    /**
     * A watcher that vanishes (connection reset): the API server's next write to it fails on the
     * store's delivery thread. The server must end that response at once; kept open, the failed
     * connection held an exception whose stack trace named store classes, and with them the old
     * store's class loader after the update below.
     */
    private void abandonAWatch() throws Exception {
        java.net.URI base = java.net.URI.create(HttpEndpoint.of(context));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        HttpEndpoint.awaitStatus(http, base.resolve("/readyz").toString(), 200);
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("GET /api/v1/namespaces/default/configmaps?watch=true HTTP/1.1\r\n"
                    + "Host: " + base.getHost() + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertTrue(status != null && status.contains(" 200"), "watch did not start: " + status);
            socket.setSoLinger(true, 0); // close with a reset: the server's next write fails
        }
        for (int i = 0; i < 3; i++) {
            java.net.http.HttpResponse<String> created = http.send(java.net.http.HttpRequest.newBuilder(
                    base.resolve("/api/v1/namespaces/default/configmaps"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"metadata\":{\"generateName\":\"abandoned-watch-\"}}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
        }
    }

    private Store awaitStoreAt(Path dir, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            Store s = tracker.getService();
            if (s != null && Files.exists(dir.resolve("orchestrator.mv.db"))) {
                return s;
            }
            Thread.sleep(20);
        }
        return null;
    }

}
