package dev.orchestrator.apiserver.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import dev.orchestrator.testing.MovableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    @TempDir
    Path dir;

    private static byte[] line(String text) {
        return ("{\"e\":\"" + text + "\"}\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLineReachesTheFileWhileTheLogStaysOpen() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = new AuditLog(file, 1 << 20, 2, java.time.Clock.systemUTC())) {
            log.write(line("first"));
            Eventually.until("the first line in the open log", 10, () -> Files.readString(file).contains("first"));
            log.write(line("second"));
        }
        assertEquals(List.of("{\"e\":\"first\"}", "{\"e\":\"second\"}"), Files.readAllLines(file));
    }

    @Test
    void concurrentWritersLoseNoLineAndSplitNone() throws Exception {
        Path file = dir.resolve("audit.log");
        int threads = 8;
        int each = 3000;
        try (AuditLog log = new AuditLog(file, 1L << 30, 2, java.time.Clock.systemUTC())) {
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        log.write(line(id + "-" + i + "-" + "x".repeat(i % 200)));
                    }
                });
                writers.add(w);
                w.start();
            }
            for (Thread w : writers) {
                w.join();
            }
        }
        Set<String> seen = new HashSet<>();
        for (String l : Files.readAllLines(file)) {
            assertTrue(l.matches("\\{\"e\":\"\\d+-\\d+-x*\"\\}"), l);
            seen.add(l.substring(6, l.indexOf('-', l.indexOf('-') + 1)));
        }
        assertEquals(threads * each, seen.size());
    }

    @Test
    void rotationSplitsBetweenLinesAndNoFileOutgrowsTheLimit() throws Exception {
        Path file = dir.resolve("audit.log");
        MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));
        int lines = 200;
        try (AuditLog log = new AuditLog(file, 1000, 1000, clock)) {
            for (int i = 0; i < lines; i++) {
                log.write(line(String.format("%04d", i) + "y".repeat(30)));
                clock.advance(Duration.ofMillis(1)); // backups are named by the millisecond
            }
        }
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted((a, b) -> order(a).compareTo(order(b))).toList()) {
                assertTrue(Files.size(f) <= 1000, f + " has " + Files.size(f) + " bytes");
                all.addAll(Files.readAllLines(f));
            }
        }
        assertEquals(lines, all.size());
        for (int i = 0; i < lines; i++) {
            assertEquals("{\"e\":\"" + String.format("%04d", i) + "y".repeat(30) + "\"}", all.get(i));
        }
    }

    /** Backups by their time, the live file last. */
    private static String order(Path f) {
        String name = f.getFileName().toString();
        return name.equals("audit.log") ? "~" : name;
    }

    @Test
    void aWriteAfterCloseIsDroppedWithoutFailing() throws IOException {
        Path file = dir.resolve("audit.log");
        AuditLog log = new AuditLog(file, 1 << 20, 2, java.time.Clock.systemUTC());
        log.write(line("kept"));
        log.close();
        log.write(line("late"));
        assertEquals(List.of("{\"e\":\"kept\"}"), Files.readAllLines(file));
    }
}
