package dev.orchestrator.streaming.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * What the client sends on one stream, handed from the connection's event loop ({@link #offer}, {@link #end}) to
 * the thread that reads it. Bytes waiting here count against the connection's {@link ReadLimit}, which stops
 * reading from the socket while too much waits. A closed pipe drops what it gets.
 */
final class InboundPipe extends InputStream {

    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final ReadLimit limit;
    private int offset;
    private boolean ended;
    private boolean closed;

    InboundPipe(ReadLimit limit) {
        this.limit = limit;
    }

    /** Bytes from the client (the array is not copied: the caller hands it over). */
    synchronized void offer(byte[] data) {
        if (closed || ended || data.length == 0) {
            return;
        }
        chunks.add(data);
        limit.add(data.length);
        notifyAll();
    }

    /** The client ended the stream (or the connection is gone): reads return -1 once the rest is read. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    synchronized boolean ended() {
        return ended;
    }

    @Override
    public synchronized int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (chunks.isEmpty() && !ended && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the client's input");
            }
        }
        if (chunks.isEmpty()) {
            if (Thread.currentThread().isInterrupted()) { // woken by the end and the interrupt at once
                throw new InterruptedIOException("interrupted while waiting for the client's input");
            }
            return -1;
        }
        byte[] head = chunks.peek();
        int n = Math.min(len, head.length - offset);
        System.arraycopy(head, offset, b, off, n);
        offset += n;
        if (offset == head.length) {
            chunks.poll();
            offset = 0;
        }
        limit.remove(n);
        return n;
    }

    @Override
    public synchronized int available() {
        int n = -offset;
        for (byte[] chunk : chunks) {
            n += chunk.length;
        }
        return Math.max(n, 0);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            long left = available();
            chunks.clear();
            offset = 0;
            limit.remove(left);
            notifyAll();
        }
    }
}
