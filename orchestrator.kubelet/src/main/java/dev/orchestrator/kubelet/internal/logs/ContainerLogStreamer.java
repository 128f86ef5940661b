package dev.orchestrator.kubelet.internal.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Copies a container's log to a client as {@code kubectl logs} shows it: the text of each line
 * (parts of a long line joined), optionally after the runtime's timestamp, from the rotated files
 * oldest first and then the current file; only lines since a time, only the last lines, at most
 * some bytes. When following, new lines are sent as the runtime writes them, across rotations,
 * until the container has stopped and everything it wrote was sent, or the client went away.
 */
public final class ContainerLogStreamer {

    private final Path current;
    private final LogOptions options;
    private final BooleanSupplier running;
    private final BooleanSupplier clientGone;
    private final Duration poll;
    private final Deque<Entry> tail = new ArrayDeque<>();
    private ByteSink sink;
    private Entry partial;
    /** While the existing content is read with a tail, lines are held back; then they are sent. */
    private boolean holding;

    /**
     * @param current the container's current log file ({@code ContainerStatus.logPath})
     * @param running whether the container still runs (asked only while following, at most every second)
     * @param clientGone whether the client went away (asked while following and idle)
     * @param poll how often a followed file is checked for new lines
     */
    public ContainerLogStreamer(Path current, LogOptions options, BooleanSupplier running, BooleanSupplier clientGone,
                                Duration poll) {
        this.current = current;
        this.options = options;
        this.running = running;
        this.clientGone = clientGone;
        this.poll = poll;
    }

    /** Writes the log to {@code out} (flushed whenever the reader catches up with the file). */
    public void copyTo(OutputStream out) throws IOException, InterruptedException {
        sink = new ByteSink(out, options.limitBytes().orElse(Long.MAX_VALUE));
        holding = options.tailLines().isPresent();
        List<Path> files = LogFiles.inOrder(current);
        for (int i = 0; i < files.size() && !sink.full(); i++) {
            Optional<LineFile> opened = LineFile.open(files.get(i));
            if (opened.isEmpty()) {
                continue; // rotated away (and removed) since the listing
            }
            try (LineFile file = opened.get()) {
                readAll(file);
                boolean last = i == files.size() - 1;
                if (last && options.follow()) {
                    release();
                    follow(file);
                    return;
                }
            }
        }
        if (options.follow() && files.isEmpty()) {
            release();
            followFromStart();
            return;
        }
        finish();
    }

    /** No log file yet (the runtime creates it when the container starts): wait for it. */
    private void followFromStart() throws IOException, InterruptedException {
        Checks checks = new Checks();
        while (!sink.full()) {
            Optional<LineFile> opened = LineFile.open(current);
            if (opened.isPresent()) {
                try (LineFile file = opened.get()) {
                    readAll(file);
                    follow(file);
                }
                return;
            }
            if (checks.stop()) {
                break;
            }
            Thread.sleep(poll.toMillis());
        }
        finish();
    }

    private void follow(LineFile first) throws IOException, InterruptedException {
        LineFile file = first;
        Checks checks = new Checks();
        try {
            while (!sink.full()) {
                if (readAll(file)) {
                    continue;
                }
                sink.flush();
                if (!file.isAt(current)) {
                    // rotated: what was written before the rename is in the old file, the rest in the next one
                    readAll(file);
                    Optional<LineFile> next = nextAfter(file);
                    if (next.isPresent()) {
                        if (file != first) {
                            file.close();
                        }
                        file = next.get();
                        continue;
                    }
                }
                if (checks.stop()) {
                    readAll(file); // what it wrote just before it stopped
                    break;
                }
                Thread.sleep(poll.toMillis());
            }
        } finally {
            if (file != first) {
                file.close();
            }
        }
        finish();
    }

    /**
     * The file that came after {@code file}: the next one in age order, which is a rotated one when
     * the reader fell behind by more than one rotation, else the current one.
     */
    private Optional<LineFile> nextAfter(LineFile file) throws IOException {
        List<Path> files = LogFiles.inOrder(current);
        for (int i = 0; i < files.size() - 1; i++) {
            if (file.isAt(files.get(i))) {
                Optional<LineFile> next = LineFile.open(files.get(i + 1));
                if (next.isPresent()) {
                    return next;
                }
            }
        }
        return LineFile.open(current);
    }

    /** Reads every complete line there is; whether there was any. */
    private boolean readAll(LineFile file) throws IOException {
        boolean any = false;
        LineFile.Line line;
        while (!sink.full() && (line = file.next()) != null) {
            any = true;
            Optional<CriLogLine> parsed = CriLogLine.parse(line.bytes(), line.from(), line.to());
            if (parsed.isPresent()) {
                accept(parsed.get());
            }
        }
        return any;
    }

    private void accept(CriLogLine line) throws IOException {
        if (partial == null) {
            partial = new Entry(line.time(), line.instant(), new java.io.ByteArrayOutputStream());
        }
        partial.text().write(line.content());
        if (line.partial()) {
            return;
        }
        partial.text().write('\n');
        Entry done = partial;
        partial = null;
        emit(done);
    }

    private void emit(Entry entry) throws IOException {
        if (options.since().isPresent() && entry.instant().isBefore(options.since().get())) {
            return;
        }
        if (holding) {
            tail.addLast(entry);
            if (tail.size() > options.tailLines().getAsLong()) {
                tail.removeFirst();
            }
            return;
        }
        if (options.timestamps()) {
            sink.write((entry.time() + " ").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        sink.write(entry.text().toByteArray());
    }

    /** Sends the held-back tail; from now on lines are sent as they come. */
    private void release() throws IOException {
        holding = false;
        while (!tail.isEmpty() && !sink.full()) {
            emit(tail.removeFirst());
        }
    }

    /** A line whose last part never came (the container stopped mid-line) is sent as it is. */
    private void finish() throws IOException {
        if (partial != null) {
            Entry cut = partial;
            partial = null;
            emit(cut);
        }
        release();
        sink.flush();
    }

    private record Entry(String time, java.time.Instant instant, java.io.ByteArrayOutputStream text) {
    }

    /** When a follow ends: the client went away, or the container stopped (asked at most every second). */
    private final class Checks {
        private long lastRunningCheck;

        boolean stop() {
            if (clientGone.getAsBoolean()) {
                return true;
            }
            long now = System.nanoTime();
            if (now - lastRunningCheck < 1_000_000_000L) {
                return false;
            }
            lastRunningCheck = now;
            return !running.getAsBoolean();
        }
    }

    /** The output with the byte limit (a line may be cut, as Kubernetes cuts it). */
    private static final class ByteSink {
        private final OutputStream out;
        private long left;

        ByteSink(OutputStream out, long limit) {
            this.out = out;
            this.left = limit;
        }

        void write(byte[] bytes) throws IOException {
            int n = (int) Math.min(bytes.length, left);
            out.write(bytes, 0, n);
            left -= n;
        }

        boolean full() {
            return left <= 0;
        }

        void flush() throws IOException {
            out.flush();
        }
    }
}
