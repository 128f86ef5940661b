package dev.orchestrator.store.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.StoreUnavailableException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store's write-ahead log: what a replay returns from whole, torn and corrupted logs, and the store's use of it. */
class WriteAheadLogTest {

    private final Path dir = TestFiles.tempDir("orch-wal");

    @AfterEach
    void cleanUp() throws Exception {
        TestFiles.deleteRecursively(dir);
    }

    private static Version live(String key, long revision, String value) {
        return new Version(key, revision, true, revision, 1, value.getBytes(StandardCharsets.UTF_8));
    }

    private List<WriteAheadLog.Batch> replayed() {
        return WriteAheadLog.read(dir);
    }

    private void writeThreeBatches() {
        try (WriteAheadLog log = WriteAheadLog.open(dir, true)) {
            log.reset();
            log.append(1, List.of(live("/a", 1, "one")));
            log.append(3, List.of(live("/b", 2, "two"), new Version("/a", 3, false, 1, 0, new byte[0])));
            log.append(4, List.of(live("/c/ü", 4, "x".repeat(100_000))));
        }
    }

    @Test
    void replayReturnsEveryBatchInOrderWithItsVersions() {
        writeThreeBatches();
        List<WriteAheadLog.Batch> batches = replayed();
        assertEquals(List.of(1L, 3L, 4L), batches.stream().map(WriteAheadLog.Batch::revision).toList());
        Version deletion = batches.get(1).versions().get(1);
        assertEquals("/a", deletion.key());
        assertEquals(3, deletion.modRevision());
        assertEquals(false, deletion.live());
        assertEquals(1, deletion.createRevision());
        Version big = batches.get(2).versions().get(0);
        assertEquals("/c/ü", big.key());
        assertEquals(100_000, big.value().length);
    }

    @Test
    void aRecordCutShortEndsTheLog() throws Exception {
        writeThreeBatches();
        Path file = dir.resolve(WriteAheadLog.FILE_NAME);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 10);
        }
        assertEquals(List.of(1L, 3L), replayed().stream().map(WriteAheadLog.Batch::revision).toList());
    }

    @Test
    void aRecordThatFailsItsChecksumEndsTheLog() throws Exception {
        writeThreeBatches();
        Path file = dir.resolve(WriteAheadLog.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 50] ^= 0x01; // inside the last record's value
        Files.write(file, bytes);
        assertEquals(List.of(1L, 3L), replayed().stream().map(WriteAheadLog.Batch::revision).toList());
    }

    @Test
    void resetEmptiesTheLog() {
        writeThreeBatches();
        try (WriteAheadLog log = WriteAheadLog.open(dir, true)) {
            log.reset();
            assertEquals(0, log.size());
        }
        assertTrue(replayed().isEmpty());
    }

    @Test
    void theStoreReplaysLoggedBatchesBeyondItsFileAndSkipsTheOnesItHolds() throws Exception {
        try (EmbeddedStore store = new EmbeddedStore(EmbeddedStore.Settings.defaults(dir))) {
            store.create("/k/1", bytes("one"));
            store.create("/k/2", bytes("two"));
        }
        // as a crash would leave it: batches up to revision 2 (already in the store file) and beyond it
        try (WriteAheadLog log = WriteAheadLog.open(dir, true)) {
            log.append(2, List.of(live("/k/2", 2, "two")));
            log.append(4, List.of(new Version("/k/1", 3, true, 1, 2, bytes("one, again")), live("/k/3", 4, "three")));
        }
        try (EmbeddedStore store = new EmbeddedStore(EmbeddedStore.Settings.defaults(dir))) {
            assertEquals(4, store.currentRevision());
            KeyValue updated = store.get("/k/1").orElseThrow();
            assertEquals("one, again", new String(updated.value(), StandardCharsets.UTF_8));
            assertEquals(2, updated.version());
            assertEquals(1, updated.createRevision());
            assertEquals("three", new String(store.get("/k/3").orElseThrow().value(), StandardCharsets.UTF_8));
            assertEquals(0, Files.size(dir.resolve(WriteAheadLog.FILE_NAME)), "the recovered log was checkpointed");
            assertEquals(5, store.create("/k/4", bytes("four")).modRevision());
        }
    }

    @Test
    void aLogThatSkipsRevisionsKeepsTheStoreFromStarting() throws Exception {
        try (EmbeddedStore store = new EmbeddedStore(EmbeddedStore.Settings.defaults(dir))) {
            store.create("/k/1", bytes("one"));
        }
        try (WriteAheadLog log = WriteAheadLog.open(dir, true)) {
            log.append(5, List.of(live("/k/5", 5, "five")));
        }
        StoreUnavailableException refused = assertThrows(StoreUnavailableException.class,
                () -> new EmbeddedStore(EmbeddedStore.Settings.defaults(dir)));
        assertTrue(refused.getMessage().contains("goes on at revision 5 but the store file ends at revision 1"),
                refused.getMessage());
        // the file was released: after the log is dealt with, the store opens
        Files.delete(dir.resolve(WriteAheadLog.FILE_NAME));
        try (EmbeddedStore store = new EmbeddedStore(EmbeddedStore.Settings.defaults(dir))) {
            assertEquals(1, store.currentRevision());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
