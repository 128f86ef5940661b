package dev.orchestrator.store.restore;

import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.ListRequest;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.store.backup.SnapshotSummary;
import dev.orchestrator.store.backup.StoreSnapshot;
import dev.orchestrator.store.embedded.internal.EmbeddedStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A source store with a history (updates, deletions, keys outside /registry/) and its snapshot file. */
final class Snapshots {

    private Snapshots() {
    }

    /** Writes {@code keys} objects, updates every third, deletes every fifth; returns the store's snapshot. */
    static SnapshotSummary sourceWithHistory(Path storeDir, Path file, int keys) throws IOException {
        try (EmbeddedStore store = new EmbeddedStore(EmbeddedStore.Settings.defaults(storeDir))) {
            store.create("/outside/registry", bytes("not backed up"));
            for (int i = 0; i < keys; i++) {
                store.create(key(i), bytes("{\"n\":" + i + "}"));
            }
            for (int i = 0; i < keys; i += 3) {
                store.update(key(i), bytes("{\"n\":" + i + ",\"updated\":true}"), Store.ANY_REVISION);
            }
            for (int i = 0; i < keys; i += 5) {
                store.delete(key(i), Store.ANY_REVISION);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                return StoreSnapshot.write(store, StoreSnapshot.PREFIX, out, n -> { });
            }
        }
    }

    static List<KeyValue> registry(Store store) {
        return store.list(ListRequest.all(StoreSnapshot.PREFIX)).items();
    }

    static String key(int i) {
        return String.format("/registry/configmaps/ns%d/cm-%05d", i % 7, i);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
