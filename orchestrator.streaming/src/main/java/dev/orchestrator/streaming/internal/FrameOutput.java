package dev.orchestrator.streaming.internal;

import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An output stream whose bytes go to the client as frames of one stream (a SPDY stream, a WebSocket channel). Each
 * write waits until its frames are written to the socket, so a slow client slows the writer; once the connection is
 * gone writes fail. {@link #close} ends the stream for the client (once).
 */
final class FrameOutput extends OutputStream {

    /** Largest payload of one frame. */
    static final int CHUNK = 32 * 1024;

    private final Function<byte[], ChannelFuture> frame;
    private final Supplier<ChannelFuture> end;
    private boolean closed;

    /**
     * @param frame writes one frame with the given payload
     * @param end ends the stream (may return null when ending needs no frame)
     */
    FrameOutput(Function<byte[], ChannelFuture> frame, Supplier<ChannelFuture> end) {
        this.frame = frame;
        this.end = end;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        for (int at = off; at < off + len; at += CHUNK) {
            await(frame.apply(Arrays.copyOfRange(b, at, Math.min(off + len, at + CHUNK))));
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            ChannelFuture f = end.get();
            if (f != null) {
                await(f);
            }
        }
    }

    static void await(ChannelFuture f) throws IOException {
        try {
            f.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing to the client");
        }
        if (!f.isSuccess()) {
            throw new IOException("the client's connection is gone", f.cause());
        }
    }
}
