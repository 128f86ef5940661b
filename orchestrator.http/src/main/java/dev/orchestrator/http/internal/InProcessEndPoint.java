package dev.orchestrator.http.internal;

import dev.orchestrator.api.http.LocalConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * One in-memory connection: what the client writes queues as the server's input, what the server flushes lands in
 * a bounded buffer the client drains. A full buffer leaves the server's write pending until the client reads, as a
 * socket whose peer stopped reading would; the watch backlog and write-stall limits then work as over TCP.
 */
final class InProcessEndPoint extends AbstractEndPoint implements LocalConnection {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final Executor executor;
    private final Runnable onReadable;
    private final Consumer<InProcessEndPoint> onClosed;
    private final X509Certificate[] clientChain;
    private final ArrayDeque<ByteBuffer> input = new ArrayDeque<>();
    /** Response bytes not read yet, in fill mode (position = bytes held). */
    private final ByteBuffer output;

    InProcessEndPoint(Scheduler scheduler, Executor executor, int outputBytes, X509Certificate[] clientChain,
                      Runnable onReadable, Consumer<InProcessEndPoint> onClosed) {
        super(scheduler);
        this.executor = executor;
        this.onReadable = onReadable;
        this.onClosed = onClosed;
        this.clientChain = clientChain == null || clientChain.length == 0 ? null : clientChain.clone();
        this.output = ByteBuffer.allocate(outputBytes);
        setIdleTimeout(0); // the client in this process closes what it opened
    }

    X509Certificate[] clientChain() {
        return clientChain;
    }

    // ---- the client's side (LocalConnection)

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
        copy.put(bytes).flip();
        synchronized (this) {
            if (!isOpen() || isInputShutdown()) {
                throw new ClosedChannelException();
            }
            input.add(copy);
        }
        // as a selector would: the server reads on one of its own threads
        executor.execute(() -> getFillInterest().fillable());
    }

    @Override
    public ByteBuffer read() {
        ByteBuffer taken;
        synchronized (this) {
            if (output.position() == 0) {
                return isOpen() && !isOutputShutdown() ? BufferUtil.EMPTY_BUFFER : null;
            }
            output.flip();
            taken = ByteBuffer.allocate(output.remaining());
            taken.put(output).flip();
            output.clear();
        }
        resumePendingWrite();
        return taken;
    }

    // ---- the server's side (EndPoint)

    @Override
    public int fill(ByteBuffer buffer) throws IOException {
        synchronized (this) {
            if (!isOpen()) {
                throw new ClosedChannelException();
            }
            ByteBuffer head = input.peek();
            if (head == null) {
                if (!isInputShutdown()) {
                    return 0;
                }
            } else {
                int filled = BufferUtil.append(buffer, head);
                if (!head.hasRemaining()) {
                    input.poll();
                }
                if (filled > 0) {
                    notIdle();
                }
                return filled;
            }
        }
        return -1;
    }

    @Override
    public boolean flush(ByteBuffer... buffers) throws IOException {
        boolean all = true;
        boolean wrote = false;
        synchronized (this) {
            if (!isOpen() || isOutputShutdown()) {
                throw new ClosedChannelException();
            }
            for (ByteBuffer buffer : buffers) {
                if (buffer == null || !buffer.hasRemaining()) {
                    continue;
                }
                int n = Math.min(buffer.remaining(), output.remaining());
                if (n > 0) {
                    ByteBuffer slice = buffer.slice();
                    slice.limit(n);
                    output.put(slice);
                    buffer.position(buffer.position() + n);
                    wrote = true;
                }
                if (buffer.hasRemaining()) {
                    all = false;
                    break;
                }
            }
        }
        if (wrote) {
            notIdle();
            onReadable.run();
        }
        return all;
    }

    @Override
    protected void needsFillInterest() throws IOException {
        boolean readable;
        synchronized (this) {
            if (!isOpen()) {
                throw new ClosedChannelException();
            }
            readable = !input.isEmpty() || isInputShutdown();
        }
        if (readable) {
            executor.execute(() -> getFillInterest().fillable());
        }
    }

    @Override
    protected void onIncompleteFlush() {
        // the client may have read between the flush that filled the buffer and the write becoming pending
        boolean room;
        synchronized (this) {
            room = output.hasRemaining();
        }
        if (room) {
            resumePendingWrite();
        }
    }

    private void resumePendingWrite() {
        if (getWriteFlusher().isPending()) {
            executor.execute(() -> getWriteFlusher().completeWrite());
        }
    }

    @Override
    protected void doShutdownOutput() {
        super.doShutdownOutput();
        onReadable.run();
    }

    @Override
    protected void doClose() {
        super.doClose();
        synchronized (this) {
            input.clear();
        }
        onReadable.run();
    }

    @Override
    public void onClose(Throwable cause) {
        // no selector to tell the connection: the end point does, as Jetty's own in-memory end point does
        Connection connection = getConnection();
        if (connection != null) {
            connection.onClose(cause);
        }
        onClosed.accept(this);
        super.onClose(cause);
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return LOOPBACK;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return LOOPBACK;
    }

    @Override
    public Object getTransport() {
        return null;
    }
}
