package dev.orchestrator.store.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.store.ExpiredException;
import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.ListRequest;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.store.backup.SnapshotSummary;
import dev.orchestrator.store.embedded.internal.EmbeddedStore;
import dev.orchestrator.store.etcd.internal.EtcdStore;
import dev.orchestrator.store.tck.EtcdServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restore into a real etcd started on loopback. */
class EtcdRestoreTest {

    @TempDir
    Path tmp;

    private EtcdServer etcd;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startEtcd() throws Exception {
        etcd = EtcdServer.start();
    }

    @AfterEach
    void stopEtcd() throws Exception {
        etcd.close();
    }

    @Test
    void keysComeBackWithTheirModRevisionsAndEtcdEndsAtTheSnapshotRevision() throws Exception {
        Path file = tmp.resolve("backup.orchsnap");
        SnapshotSummary snapshot = Snapshots.sourceWithHistory(tmp.resolve("source"), file, 200);
        List<KeyValue> before;
        try (EmbeddedStore source = new EmbeddedStore(EmbeddedStore.Settings.defaults(tmp.resolve("source")))) {
            before = Snapshots.registry(source);
        }

        assertEquals(0, tool("restore", file.toString(), "--etcd-endpoints", etcd.endpoint(), "--bump-revision", "500"),
                err.toString());

        try (EtcdStore store = new EtcdStore(EtcdStore.Settings.defaults(List.of(etcd.endpoint())))) {
            assertTrue(store.currentRevision() >= snapshot.revision() + 500, "etcd at " + store.currentRevision());
            List<KeyValue> after = Snapshots.registry(store);
            assertEquals(before.size(), after.size());
            for (int i = 0; i < before.size(); i++) {
                assertEquals(before.get(i).key(), after.get(i).key());
                assertArrayEquals(before.get(i).value(), after.get(i).value());
                assertEquals(before.get(i).modRevision(), after.get(i).modRevision(), before.get(i).key());
            }
            assertTrue(store.get(EtcdRestore.PADDING_KEY).isEmpty(), "the padding key is gone");
            KeyValue next = store.create("/registry/configmaps/default/new", Snapshots.bytes("{}"));
            assertTrue(next.modRevision() > snapshot.revision() + 500);
            assertThrows(ExpiredException.class, () -> store.list(
                    new ListRequest("/registry/", snapshot.revision() + 10, 0, Optional.empty())));
        }
    }

    @Test
    void aNonEmptyEtcdIsRefusedWithoutForce() throws Exception {
        Path file = tmp.resolve("backup.orchsnap");
        SnapshotSummary snapshot = Snapshots.sourceWithHistory(tmp.resolve("source"), file, 20);
        try (EtcdStore store = new EtcdStore(EtcdStore.Settings.defaults(List.of(etcd.endpoint())))) {
            store.create("/registry/namespaces/old", Snapshots.bytes("{}"));
        }

        assertEquals(1, tool("restore", file.toString(), "--etcd-endpoints", etcd.endpoint()));
        assertTrue(err.toString().contains("is not empty: it holds 1 keys under /registry/"), err.toString());

        assertEquals(0, tool("restore", file.toString(), "--etcd-endpoints", etcd.endpoint(), "--force"),
                err.toString());
        try (EtcdStore store = new EtcdStore(EtcdStore.Settings.defaults(List.of(etcd.endpoint())))) {
            assertTrue(store.get("/registry/namespaces/old").isEmpty());
            assertEquals(snapshot.count(), Snapshots.registry(store).size());
            assertTrue(store.currentRevision() >= snapshot.revision());
        }
    }

    @Test
    void aSnapshotOfEtcdRestoresIntoTheEmbeddedStore() throws Exception {
        Path file = tmp.resolve("from-etcd.orchsnap");
        SnapshotSummary snapshot;
        List<KeyValue> before;
        try (EtcdStore store = new EtcdStore(EtcdStore.Settings.defaults(List.of(etcd.endpoint())))) {
            for (int i = 0; i < 1_200; i++) { // more than two pages
                store.create(Snapshots.key(i), Snapshots.bytes("{\"n\":" + i + "}"));
            }
            store.update(Snapshots.key(7), Snapshots.bytes("{\"n\":7,\"updated\":true}"), Store.ANY_REVISION);
            store.delete(Snapshots.key(8), Store.ANY_REVISION);
            try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
                snapshot = dev.orchestrator.store.backup.StoreSnapshot.write(store, "/registry/", out, n -> { });
            }
            before = Snapshots.registry(store);
        }
        assertEquals(1_199, snapshot.count());

        Path dataDir = tmp.resolve("restored");
        assertEquals(0, tool("restore", file.toString(), "--data-dir", dataDir.toString()), err.toString());
        try (EmbeddedStore restored = new EmbeddedStore(EmbeddedStore.Settings.defaults(dataDir.resolve("store")))) {
            List<KeyValue> after = Snapshots.registry(restored);
            assertEquals(before.size(), after.size());
            for (int i = 0; i < before.size(); i++) {
                assertEquals(before.get(i).key(), after.get(i).key());
                assertArrayEquals(before.get(i).value(), after.get(i).value());
                assertEquals(before.get(i).modRevision(), after.get(i).modRevision());
                assertEquals(before.get(i).createRevision(), after.get(i).createRevision());
            }
            assertTrue(restored.currentRevision() > snapshot.revision());
        }
    }

    private int tool(String... args) {
        out.reset();
        err.reset();
        return new RestoreTool(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }
}
