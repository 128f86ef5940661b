package dev.orchestrator.store.embedded.internal;

import dev.orchestrator.api.store.Store;
import dev.orchestrator.store.tck.StoreContractTest;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
