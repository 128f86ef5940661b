package dev.orchestrator.store.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.store.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The group-commit writer when its log fails: nothing of the batch is acknowledged, and nothing of it stays. */
class GroupCommitWriterTest {

    private final Path dir = TestFiles.tempDir("orch-writer");
    private final MVStore mvStore = new MVStore.Builder().open(); // in memory
    private final History history = new History(mvStore);

    @AfterEach
    void cleanUp() throws Exception {
        mvStore.close();
        TestFiles.deleteRecursively(dir);
    }

    @Test
    void aBatchTheLogRefusesIsFailedAndLeavesNoVersionBehind() throws Exception {
        WriteAheadLog log = WriteAheadLog.open(dir, true);
        log.reset();
        log.close(); // every append now fails, as on a disk that went away
        GroupCommitWriter writer = new GroupCommitWriter(mvStore, history, log, true, 16, events -> { }, () -> false,
                "test-writer");
        writer.start();
        try {
            WriteOp create = writer.submit(WriteOp.create("/k", "v".getBytes(StandardCharsets.UTF_8)));
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> create.result.get(10, TimeUnit.SECONDS));
            assertInstanceOf(StoreUnavailableException.class, failed.getCause());
            assertTrue(history.latest("/k").isEmpty(), "the failed batch's version was left in the history");
            assertEquals(0, history.storedRevision());
            assertEquals(0, writer.committedRevision());
        } finally {
            writer.stop(10_000);
        }
    }
}
