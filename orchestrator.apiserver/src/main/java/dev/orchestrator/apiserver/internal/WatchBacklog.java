package dev.orchestrator.apiserver.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.function.LongSupplier;

/**
 * The lines a watch has encoded and its client not yet taken, and when they are too many to keep.
 *
 * <p>A client that is reading, only slower than objects change for a while (an informer during a burst of creates,
 * or catching up after it re-watched), keeps its stream: ending it would cost the client its reconnect back-off and
 * the server a replay of everything since the client's last version, and the client would fall behind again. A
 * stream is ended when its client has taken nothing for {@link #STALLED_AFTER} while more than
 * {@link #STALLED_LINES} lines wait, or in any case beyond {@link #MAX_BYTES} of events waiting (most lines are
 * shared by every plain watcher of a resource, so this counts more memory than the stream alone holds). The ADDED
 * lines a watch without a resourceVersion starts with are not counted there: they are the size of the list, known
 * and bounded when the watch starts, and a watch of a large collection would otherwise end at its first event. A
 * client that stops reading altogether is also closed by the connection's write-stall deadline.
 */
final class WatchBacklog {

    static final int STALLED_LINES = 10_000;
    static final Duration STALLED_AFTER = Duration.ofSeconds(5);
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private final ArrayDeque<byte[]> lines = new ArrayDeque<>();
    private final LongSupplier nanoTime;
    private long bytes;
    private int initialLines;
    private long initialBytes;
    private long lastTaken;

    WatchBacklog(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.lastTaken = nanoTime.getAsLong();
    }

    void add(byte[] line) {
        lines.add(line);
        bytes += line.length;
    }

    /** The lines a watch starts with, before any event: the objects of its initial list. */
    void addInitial(Collection<byte[]> list) {
        for (byte[] line : list) {
            add(line);
            initialLines++;
            initialBytes += line.length;
        }
    }

    /** The next line for the client, or null; taking one is the client's progress. */
    byte[] take() {
        byte[] line = lines.poll();
        if (line != null) {
            bytes -= line.length;
            if (initialLines > 0) {
                initialLines--;
                initialBytes -= line.length;
            }
            lastTaken = nanoTime.getAsLong();
        }
        return line;
    }

    int size() {
        return lines.size();
    }

    long bytes() {
        return bytes;
    }

    void clear() {
        lines.clear();
        bytes = 0;
        initialLines = 0;
        initialBytes = 0;
    }

    /** Whether the stream should end rather than keep more (see the class comment). */
    boolean overflowing() {
        if (bytes - initialBytes > MAX_BYTES) {
            return true;
        }
        return lines.size() > STALLED_LINES && nanoTime.getAsLong() - lastTaken > STALLED_AFTER.toNanos();
    }
}
