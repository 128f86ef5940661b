package dev.orchestrator.store.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.store.ExpiredException;
import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import dev.orchestrator.store.backup.SnapshotSummary;
import dev.orchestrator.store.embedded.internal.EmbeddedStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRestoreTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void restoreKeepsEveryKeyWithItsRevisionsAndStartsAtTheSnapshotRevision() throws IOException {
        Path file = tmp.resolve("backup.orchsnap");
        SnapshotSummary snapshot = Snapshots.sourceWithHistory(tmp.resolve("source"), file, 300);
        List<KeyValue> before;
        try (EmbeddedStore source = new EmbeddedStore(EmbeddedStore.Settings.defaults(tmp.resolve("source")))) {
            before = Snapshots.registry(source);
        }
        Path dataDir = tmp.resolve("restored");

        assertEquals(0, tool("restore", file.toString(), "--data-dir", dataDir.toString()), err.toString());
        assertTrue(out.toString().startsWith("restored: revision " + snapshot.revision() + ", " + before.size()
                + " keys, sha256 " + snapshot.sha256()), out.toString());

        long start = snapshot.revision() + RestoreArguments.EMBEDDED_BUMP;
        assertTrue(out.toString().contains("the store starts at revision " + start), out.toString());
        try (EmbeddedStore restored = new EmbeddedStore(EmbeddedStore.Settings.defaults(dataDir.resolve("store")))) {
            assertEquals(start, restored.currentRevision(), "above any revision written after the backup");
            List<KeyValue> after = Snapshots.registry(restored);
            assertEquals(before.size(), after.size());
            for (int i = 0; i < before.size(); i++) {
                assertEquals(before.get(i).key(), after.get(i).key());
                assertArrayEquals(before.get(i).value(), after.get(i).value());
                assertEquals(before.get(i).createRevision(), after.get(i).createRevision());
                assertEquals(before.get(i).modRevision(), after.get(i).modRevision());
                assertEquals(before.get(i).version(), after.get(i).version());
            }
            assertTrue(restored.get("/outside/registry").isEmpty(), "only /registry/ is backed up");

            KeyValue next = restored.create("/registry/configmaps/default/new", Snapshots.bytes("{}"));
            assertEquals(start + 1, next.modRevision(), "a new write comes after every old one");
            List<WatchEvent> events = new CopyOnWriteArrayList<>();
            restored.watch("/registry/", start, listener(events)).close();
            assertThrows(ExpiredException.class, () -> restored.watch("/registry/", snapshot.revision() + 10,
                    listener(events)), "a resourceVersion from after the backup is in the past, and must relist");
            assertThrows(ExpiredException.class, () -> restored.watch("/registry/", snapshot.revision() - 10,
                    listener(events)), "no history before the snapshot: an older watch must relist");
        }
    }

    @Test
    void aCorruptFileIsRefusedAndNothingIsWritten() throws IOException {
        Path file = tmp.resolve("backup.orchsnap");
        Snapshots.sourceWithHistory(tmp.resolve("source"), file, 50);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        Path dataDir = tmp.resolve("restored");

        assertEquals(1, tool("restore", file.toString(), "--data-dir", dataDir.toString()));
        assertTrue(err.toString().contains("restore: error: checksum mismatch"), err.toString());
        assertFalse(Files.exists(dataDir), "nothing written");
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        Path file = tmp.resolve("backup.orchsnap");
        Snapshots.sourceWithHistory(tmp.resolve("source"), file, 50);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));

        assertEquals(1, tool("verify", file.toString()));
        assertTrue(err.toString().contains("restore: error: truncated snapshot"), err.toString());
    }

    @Test
    void aNonEmptyDataDirIsRefusedWithoutForce() throws IOException {
        Path file = tmp.resolve("backup.orchsnap");
        SnapshotSummary snapshot = Snapshots.sourceWithHistory(tmp.resolve("source"), file, 20);
        Path dataDir = tmp.resolve("used");
        Files.createDirectories(dataDir.resolve("store"));
        Files.writeString(dataDir.resolve("store/orchestrator.mv.db"), "old store");
        Files.writeString(dataDir.resolve("kubeconfig"), "kept");

        assertEquals(1, tool("restore", file.toString(), "--data-dir", dataDir.toString()));
        assertTrue(err.toString().contains("is not empty"), err.toString());
        assertEquals("old store", Files.readString(dataDir.resolve("store/orchestrator.mv.db")));

        assertEquals(0, tool("restore", file.toString(), "--data-dir", dataDir.toString(), "--force",
                "--bump-revision", "0"), err.toString());
        assertEquals("kept", Files.readString(dataDir.resolve("kubeconfig")));
        try (EmbeddedStore restored = new EmbeddedStore(EmbeddedStore.Settings.defaults(dataDir.resolve("store")))) {
            assertEquals(snapshot.revision(), restored.currentRevision(), "--bump-revision 0: the snapshot's");
            assertEquals(snapshot.count(), Snapshots.registry(restored).size());
        }
    }

    @Test
    void badUsageExitsWithTwo() {
        assertEquals(2, tool("restore", "file"));
        assertTrue(err.toString().contains("exactly one of --data-dir DIR and --etcd-endpoints URL"), err.toString());
        assertEquals(2, tool("restore", "file", "--data-dir", "d", "--bump-revision", "-3"));
        assertTrue(err.toString().contains("--bump-revision must be a number >= 0, not '-3'"), err.toString());
    }

    private int tool(String... args) {
        out.reset();
        err.reset();
        return new RestoreTool(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private static WatchListener listener(List<WatchEvent> events) {
        return new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> batch) {
                events.addAll(batch);
            }

            @Override
            public void onClose(java.util.Optional<dev.orchestrator.api.store.StoreException> error) {
            }
        };
    }
}
