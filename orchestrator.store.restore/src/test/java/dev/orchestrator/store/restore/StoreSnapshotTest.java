package dev.orchestrator.store.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.ListRequest;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.store.backup.SnapshotEntry;
import dev.orchestrator.store.backup.SnapshotReader;
import dev.orchestrator.store.backup.SnapshotSummary;
import dev.orchestrator.store.backup.StoreSnapshot;
import dev.orchestrator.store.embedded.internal.EmbeddedStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot taken while a writer keeps writing is the store exactly as it was at one revision. */
class StoreSnapshotTest {

    @TempDir
    Path tmp;

    @Test
    void aSnapshotUnderConcurrentWritesIsTheStoreAtOneRevision() throws Exception {
        EmbeddedStore.Settings d = EmbeddedStore.Settings.defaults(tmp);
        // no fsync: durability is not what this test is about, and 2,000 sequential fsyncs are slow
        try (EmbeddedStore store = new EmbeddedStore(new EmbeddedStore.Settings(tmp, d.maxValueBytes(), false,
                d.maxBatch(), d.watchBacklog(), d.watchThreads(), 0))) {
            for (int i = 0; i < 2_000; i++) {
                store.create(Snapshots.key(i), Snapshots.bytes("{\"n\":" + i + "}"));
            }
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger writes = new AtomicInteger();
            Thread writer = new Thread(() -> {
                for (int i = 0; writing.get(); i++) {
                    store.update(Snapshots.key(i % 2_000), Snapshots.bytes("{\"w\":" + i + "}"), Store.ANY_REVISION);
                    store.create("/registry/configmaps/late/cm-" + i, Snapshots.bytes("{}"));
                    writes.incrementAndGet();
                }
            }, "snapshot-test-writer");
            writer.start();
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            List<Long> progress = new ArrayList<>();
            SnapshotSummary summary;
            try {
                while (writes.get() < 50) {
                    Thread.onSpinWait(); // the writer is under way before the snapshot starts
                }
                summary = StoreSnapshot.write(store, StoreSnapshot.PREFIX, file, progress::add);
            } finally {
                writing.set(false);
                writer.join();
            }
            assertTrue(store.currentRevision() > summary.revision(), "writes went on during the snapshot");
            assertTrue(progress.size() >= 4, "paged: " + progress);

            List<SnapshotEntry> read = new ArrayList<>();
            SnapshotReader.read(new ByteArrayInputStream(file.toByteArray()), read::add);
            List<KeyValue> atRevision = store.list(new ListRequest(StoreSnapshot.PREFIX, summary.revision(), 0,
                    Optional.empty())).items();
            assertEquals(atRevision.size(), read.size());
            assertEquals(atRevision.size(), summary.count());
            for (int i = 0; i < read.size(); i++) {
                assertEquals(atRevision.get(i).key(), read.get(i).key());
                assertEquals(atRevision.get(i).modRevision(), read.get(i).modRevision());
                assertTrue(read.get(i).modRevision() <= summary.revision());
                assertArrayEquals(atRevision.get(i).value(), read.get(i).value());
            }
        }
    }
}
