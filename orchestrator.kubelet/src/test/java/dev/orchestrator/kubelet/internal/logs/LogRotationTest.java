package dev.orchestrator.kubelet.internal.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRotationTest {

    @TempDir
    Path dir;

    private static Clock at(int second) {
        return Clock.fixed(Instant.parse("2024-05-01T10:00:00Z").plusSeconds(second), ZoneOffset.UTC);
    }

    @Test
    void rotatesOverTheSizeAndKeepsAtMostMaxFiles() throws Exception {
        Path log = dir.resolve("0.log");
        for (int i = 0; i < 5; i++) {
            Files.writeString(log, "x".repeat(200));
            boolean rotated = new LogRotation(100, 3, at(i)).rotateIfNeeded(log, () -> writeNew(log));
            assertTrue(rotated);
        }
        assertEquals(List.of(dir.resolve("0.log.20240501-100003"), dir.resolve("0.log.20240501-100004")),
                LogFiles.rotated(log));
        assertEquals(3, LogFiles.inOrder(log).size());
    }

    private static void writeNew(Path log) {
        try {
            Files.writeString(log, "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void leavesASmallFileAlone() throws Exception {
        Path log = dir.resolve("0.log");
        Files.writeString(log, "x".repeat(99));
        assertFalse(new LogRotation(100, 3, at(0)).rotateIfNeeded(log, () -> { throw new AssertionError(); }));
        assertFalse(new LogRotation(100, 3, at(0)).rotateIfNeeded(dir.resolve("missing.log"), () -> { }));
    }

    @Test
    void undoesTheRenameWhenTheRuntimeCannotReopen() throws Exception {
        Path log = dir.resolve("0.log");
        Files.writeString(log, "x".repeat(200));
        assertThrows(IllegalStateException.class, () -> new LogRotation(100, 3, at(0))
                .rotateIfNeeded(log, () -> { throw new IllegalStateException("not running"); }));
        assertEquals(200, Files.size(log));
        assertEquals(List.of(), LogFiles.rotated(log));
    }
}
