package dev.orchestrator.kubelet.internal.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogStreamerTest {

    @TempDir
    Path dir;

    private static String line(int second, String stream, String tag, String text) {
        return "2024-05-01T10:00:%02d.000000001Z %s %s %s\n".formatted(second, stream, tag, text);
    }

    private void append(Path file, String... lines) throws IOException {
        Files.writeString(file, String.join("", lines), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String read(Path current, LogOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ContainerLogStreamer(current, options, () -> false, () -> false, Duration.ofMillis(10)).copyTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static LogOptions tail(long n) {
        return new LogOptions(false, OptionalLong.of(n), Optional.empty(), false, OptionalLong.empty());
    }

    @Test
    void joinsPartialLinesAndKeepsStderr() throws Exception {
        Path log = dir.resolve("0.log");
        append(log, line(1, "stdout", "P", "a long "), line(1, "stdout", "P", "line in "), line(1, "stdout", "F", "parts"),
                line(2, "stderr", "F", "an error"), "garbage that is not CRI\n", line(3, "stdout", "F", ""));
        assertEquals("a long line in parts\nan error\n\n", read(log, LogOptions.ALL));
    }

    @Test
    void timestampsAreTheRuntimesOnePerJoinedLine() throws Exception {
        Path log = dir.resolve("0.log");
        append(log, line(1, "stdout", "P", "x"), line(2, "stdout", "F", "y"), line(3, "stdout", "F", "z"));
        LogOptions options = new LogOptions(false, OptionalLong.empty(), Optional.empty(), true, OptionalLong.empty());
        assertEquals("2024-05-01T10:00:01.000000001Z xy\n2024-05-01T10:00:03.000000001Z z\n", read(log, options));
    }

    @Test
    void tailCountsJoinedLinesAcrossRotatedFiles() throws Exception {
        Path log = dir.resolve("0.log");
        append(dir.resolve("0.log.20240501-100001"), line(1, "stdout", "F", "one"), line(1, "stdout", "F", "two"));
        append(dir.resolve("0.log.20240501-100002"), line(2, "stdout", "F", "three"), line(2, "stdout", "P", "fo"));
        append(log, line(3, "stdout", "F", "ur"), line(3, "stdout", "F", "five"));
        append(dir.resolve("1.log"), line(4, "stdout", "F", "another container"));
        assertEquals("one\ntwo\nthree\nfour\nfive\n", read(log, LogOptions.ALL));
        assertEquals("three\nfour\nfive\n", read(log, tail(3)));
        assertEquals("", read(log, tail(0)));
        assertEquals("one\ntwo\nthree\nfour\nfive\n", read(log, tail(100)));
    }

    @Test
    void sinceSkipsOlderLines() throws Exception {
        Path log = dir.resolve("0.log");
        append(log, line(1, "stdout", "F", "old"), line(5, "stdout", "F", "new"), line(6, "stdout", "F", "newer"));
        LogOptions since = new LogOptions(false, OptionalLong.empty(), Optional.of(Instant.parse("2024-05-01T10:00:05Z")),
                false, OptionalLong.empty());
        assertEquals("new\nnewer\n", read(log, since));
        LogOptions sinceAndTail = new LogOptions(false, OptionalLong.of(1),
                Optional.of(Instant.parse("2024-05-01T10:00:05Z")), false, OptionalLong.empty());
        assertEquals("newer\n", read(log, sinceAndTail));
    }

    @Test
    void limitBytesCutsTheOutput() throws Exception {
        Path log = dir.resolve("0.log");
        append(log, line(1, "stdout", "F", "abcdef"), line(2, "stdout", "F", "ghi"));
        LogOptions limit = new LogOptions(false, OptionalLong.empty(), Optional.empty(), false, OptionalLong.of(9));
        assertEquals("abcdef\ngh", read(log, limit));
    }

    @Test
    void aLineStillBeingWrittenIsNotSent() throws Exception {
        Path log = dir.resolve("0.log");
        append(log, line(1, "stdout", "F", "done"));
        Files.writeString(log, "2024-05-01T10:00:02Z stdout F half", StandardOpenOption.APPEND);
        assertEquals("done\n", read(log, LogOptions.ALL));
    }

    @Test
    void followSendsNewLinesAcrossRotationsUntilTheContainerStops() throws Exception {
        Path log = dir.resolve("0.log");
        append(log, line(1, "stdout", "F", "first"), line(1, "stdout", "F", "second"));
        AtomicBoolean running = new AtomicBoolean(true);
        PipedCollector out = new PipedCollector();
        LogOptions follow = new LogOptions(true, OptionalLong.of(1), Optional.empty(), false, OptionalLong.empty());
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                new ContainerLogStreamer(log, follow, running::get, () -> false, Duration.ofMillis(10)).copyTo(out);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        out.await("second\n");
        append(log, line(2, "stdout", "F", "third"));
        out.await("second\nthird\n");
        // rotation as the kubelet does it: rename, then the runtime opens a new file at the path
        append(log, line(3, "stdout", "P", "fou"));
        Files.move(log, dir.resolve("0.log.20240501-100003"));
        append(log, line(3, "stdout", "F", "rth"), line(4, "stdout", "F", "fifth"));
        out.await("second\nthird\nfourth\nfifth\n");
        append(log, line(5, "stdout", "F", "last words"));
        running.set(false);
        done.get(10, TimeUnit.SECONDS);
        assertEquals("second\nthird\nfourth\nfifth\nlast words\n", out.text());
    }

    @Test
    void followEndsWhenTheClientGoes() throws Exception {
        Path log = dir.resolve("0.log");
        append(log, line(1, "stdout", "F", "x"));
        AtomicBoolean gone = new AtomicBoolean();
        LogOptions follow = new LogOptions(true, OptionalLong.empty(), Optional.empty(), false, OptionalLong.empty());
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                new ContainerLogStreamer(log, follow, () -> true, gone::get, Duration.ofMillis(10))
                        .copyTo(new ByteArrayOutputStream());
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        gone.set(true);
        done.get(10, TimeUnit.SECONDS);
        assertTrue(done.isDone());
    }

    /** Collects output written by another thread. */
    private static final class PipedCollector extends ByteArrayOutputStream {
        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }

        void await(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!text().equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(expected, text());
        }
    }
}
