package dev.orchestrator.client.internal;

import dev.orchestrator.api.http.LocalApiServer;
import dev.orchestrator.api.http.LocalConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A stand-in for the API server's in-process listener (which lives in the HTTP bundle, on Jetty): each complete
 * request is answered with the bytes {@code responder} gives, handed over in pieces of {@code pieceBytes} from a
 * thread of its own, as a server's writes arrive. A null answer closes the connection instead.
 */
final class ScriptedApiServer implements LocalApiServer, AutoCloseable {

    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Every write of the client as it came, requests and WebSocket frames alike. */
    final List<byte[]> writes = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    private final List<Connection> open = new CopyOnWriteArrayList<>();
    private final Function<String, byte[]> responder;
    private final int pieceBytes;
    private final ExecutorService writer = Executors.newSingleThreadExecutor();

    ScriptedApiServer(int pieceBytes, Function<String, byte[]> responder) {
        this.pieceBytes = pieceBytes;
        this.responder = responder;
    }

    static byte[] http(String head, String body) {
        return (head + "\r\n" + (body.isEmpty() ? "" : "Content-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n") + "\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] chunked(String head, List<String> chunks) {
        return (openChunked(head, chunks) + "0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A chunked body that has not ended yet (a watch stream going on). */
    static String openChunked(String head, List<String> chunks) {
        StringBuilder out = new StringBuilder(head).append("\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (String chunk : chunks) {
            out.append(Integer.toHexString(chunk.getBytes(StandardCharsets.UTF_8).length)).append("\r\n")
                    .append(chunk).append("\r\n");
        }
        return out.toString();
    }

    @Override
    public LocalConnection connect(X509Certificate[] clientChain, Runnable onReadable) {
        connections.incrementAndGet();
        Connection connection = new Connection(onReadable);
        open.add(connection);
        return connection;
    }

    /** Closes every connection, as the listener does when it is stopped (its bundle is being updated). */
    void closeAll() {
        open.forEach(Connection::close);
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }

    private final class Connection implements LocalConnection {
        private final Runnable onReadable;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final ArrayDeque<byte[]> output = new ArrayDeque<>();
        private boolean closed;

        Connection(Runnable onReadable) {
            this.onReadable = onReadable;
        }

        @Override
        public synchronized void write(ByteBuffer bytes) throws IOException {
            if (closed) {
                throw new IOException("closed");
            }
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            writes.add(copy);
            received.writeBytes(copy);
            String text = received.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            int length = 0;
            for (String line : text.substring(0, end).split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            if (received.size() < end + 4 + length) {
                return;
            }
            received.reset();
            requests.add(text);
            byte[] answer = responder.apply(text);
            writer.execute(() -> deliver(answer));
        }

        private void deliver(byte[] answer) {
            if (answer == null) {
                close();
                return;
            }
            for (int at = 0; at < answer.length; at += pieceBytes) {
                byte[] piece = java.util.Arrays.copyOfRange(answer, at, Math.min(answer.length, at + pieceBytes));
                synchronized (this) {
                    output.add(piece);
                }
                onReadable.run();
            }
        }

        @Override
        public synchronized ByteBuffer read() {
            if (output.isEmpty()) {
                return closed ? null : ByteBuffer.allocate(0);
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (!output.isEmpty()) {
                all.writeBytes(output.poll());
            }
            return ByteBuffer.wrap(all.toByteArray());
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;
            }
            onReadable.run();
        }
    }
}
