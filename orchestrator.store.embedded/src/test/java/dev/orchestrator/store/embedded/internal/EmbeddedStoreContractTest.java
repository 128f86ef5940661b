package dev.orchestrator.store.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orchestrator.api.store.ExpiredException;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import dev.orchestrator.store.tck.StoreContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The store contract against the embedded store in a temporary directory. */
class EmbeddedStoreContractTest extends StoreContractTest {

    private Path dir;
    private EmbeddedStore embedded;

    @Override
    protected Store openStore() throws Exception {
        dir = Files.createTempDirectory("orch-embedded-contract");
        EmbeddedStore.Settings defaults = EmbeddedStore.Settings.defaults(dir);
        embedded = new EmbeddedStore(new EmbeddedStore.Settings(dir, MAX_VALUE_BYTES, defaults.fsync(),
                defaults.maxBatch(), WATCH_BACKLOG, defaults.watchThreads(), 0));
        return embedded;
    }

    @Override
    protected void closeStore() throws Exception {
        embedded.close();
        TestFiles.deleteRecursively(dir);
    }

    @Test
    void aWatchRefusedForCompactedHistoryLeavesNoOpenWatchBehind() {
        long old = embedded.create("/registry/leases/ns/a", "{}".getBytes()).modRevision();
        embedded.create("/registry/leases/ns/b", "{}".getBytes());
        embedded.compact(embedded.currentRevision());
        WatchListener ignoring = new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
            }

            @Override
            public void onClose(Optional<StoreException> error) {
            }
        };
        for (int i = 0; i < 3; i++) {
            assertThrows(ExpiredException.class, () -> embedded.watch("/registry/leases/", old, ignoring));
        }
        assertEquals(0, embedded.watchCount());
    }
}
