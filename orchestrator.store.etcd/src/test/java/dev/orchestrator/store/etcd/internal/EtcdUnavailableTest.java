package dev.orchestrator.store.etcd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.store.StoreUnavailableException;
import dev.orchestrator.store.tck.EtcdServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** etcd going away gives a bounded, clear error; the store works again once etcd is back. */
class EtcdUnavailableTest {

    @Test
    void unreachableEtcdFailsWithinTheTimeoutNamingTheEndpointAndRecovers() throws Exception {
        try (EtcdServer etcd = EtcdServer.start()) {
            EtcdStore.Settings d = EtcdStore.Settings.defaults(List.of(etcd.endpoint()));
            EtcdStore.Settings settings = new EtcdStore.Settings(d.endpoints(), d.caFile(), d.certFile(), d.keyFile(),
                    Duration.ofSeconds(2), Duration.ofSeconds(1), d.maxValueBytes(), d.watchBacklog(), d.watchThreads());
            try (EtcdStore store = new EtcdStore(settings)) {
                store.create("/avail/a", "1".getBytes(StandardCharsets.UTF_8));
                etcd.stop();

                long started = System.nanoTime();
                StoreUnavailableException down = assertThrows(StoreUnavailableException.class,
                        () -> store.get("/avail/a"));
                long tookMs = (System.nanoTime() - started) / 1_000_000;
                assertTrue(down.getMessage().contains(etcd.endpoint()), down.getMessage());
                assertTrue(tookMs < 10_000, "gave up only after " + tookMs + " ms");
                assertThrows(StoreUnavailableException.class,
                        () -> store.create("/avail/b", "2".getBytes(StandardCharsets.UTF_8)));

                etcd.restart();
                String value = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (value == null && System.nanoTime() < deadline) {
                    try {
                        value = new String(store.get("/avail/a").orElseThrow().value(), StandardCharsets.UTF_8);
                    } catch (StoreUnavailableException stillReconnecting) {
                        Thread.sleep(200);
                    }
                }
                assertEquals("1", value, "store did not recover after etcd came back");
                store.create("/avail/c", "3".getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
