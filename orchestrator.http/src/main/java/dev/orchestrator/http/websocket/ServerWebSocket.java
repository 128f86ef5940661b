package dev.orchestrator.http.websocket;

import dev.orchestrator.support.websocket.WebSocketAccept;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of a WebSocket (RFC 6455) over which the server sends text messages and the client only closes
 * or pings: what a watch over WebSocket needs. {@link #accept} answers the handshake with {@code 101}; once that is
 * written, Jetty hands the connection over and {@link Listener#onWritable()} is called.
 *
 * <p>Writing never blocks: {@link #send} frames a message into a batch, which goes out when it is
 * {@value #BATCH_BYTES} bytes or on {@link #flush()}; while a write is in flight {@link #isReady()} is false, and the
 * listener hears {@link Listener#onWritable()} when it is done; a write that makes no progress for
 * {@value #WRITE_STALL_MILLIS} ms closes the connection. The client's pings are answered, its close is answered and
 * ends the connection; whatever else it sends is read and dropped.
 */
public final class ServerWebSocket {

    private static final Logger LOG = LoggerFactory.getLogger(ServerWebSocket.class);
    static final int BATCH_BYTES = 64 * 1024;
    /**
     * How long a write may make no progress (a client that stopped reading) before the connection is closed, as the
     * server's HTTP responses are ({@code writeStallSeconds}); a quiet socket keeps the idle timeout it had.
     */
    static final long WRITE_STALL_MILLIS = 60_000;
    /** Pongs queued behind a write that does not finish: a client that pings but does not read is closed. */
    private static final int MAX_QUEUED_PONGS = 64;
    private static final int OP_TEXT = 0x1;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int OP_PONG = 0xA;
    /** Status code of a normal closure. */
    public static final int NORMAL_CLOSURE = 1000;
    private static final int PROTOCOL_ERROR = 1002;

    /** What the sender hears from the socket; called on Jetty's threads or the thread of a completed write. */
    public interface Listener {
        /** The socket takes messages now: the first time once the handshake is written, then after each write. */
        void onWritable();

        /** The socket is closed (by either side, or it failed); nothing more is sent. Called once. */
        void onClosed();
    }

    private final Listener listener;
    private final List<ByteBuffer> batch = new ArrayList<>();
    private int batchBytes;
    private int queuedPongs;
    private EndPoint endPoint;
    private long idleTimeoutMillis;
    private boolean open;
    private boolean writing;
    private boolean closing;
    private boolean closed;
    private Thread flushingThread;

    private ServerWebSocket(Listener listener) {
        this.listener = listener;
    }

    /**
     * Whether the request asks to become a WebSocket ({@code Connection: Upgrade}, {@code Upgrade: websocket}).
     * A client that asks over HTTP/2 cannot have one here: the answer is false then.
     */
    public static boolean isRequested(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return "GET".equals(request.getMethod()) && "HTTP/1.1".equals(request.getProtocol())
                && upgrade != null && upgrade.trim().equalsIgnoreCase("websocket")
                && Collections.list(request.getHeaders("Connection")).stream()
                        .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("upgrade"));
    }

    /** What is wrong with the handshake of a request that {@link #isRequested}, or null when it can be answered. */
    public static String handshakeProblem(HttpServletRequest request) {
        String key = request.getHeader("Sec-WebSocket-Key");
        if (key == null || key.isBlank()) {
            return "a WebSocket handshake needs the Sec-WebSocket-Key header";
        }
        String version = request.getHeader("Sec-WebSocket-Version");
        if (version == null || !version.trim().equals("13")) {
            return "WebSocket version " + version + " is not spoken here; version 13 is";
        }
        return null;
    }

    /**
     * Answers the handshake of a request that {@link #isRequested} with {@code 101 Switching Protocols}. No
     * subprotocol is chosen: the messages are the caller's JSON.
     *
     * @throws IllegalArgumentException when the handshake has a {@link #handshakeProblem}, before anything is
     *         answered
     */
    public static ServerWebSocket accept(HttpServletRequest request, HttpServletResponse response, Listener listener) {
        String problem = handshakeProblem(request);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        String key = request.getHeader("Sec-WebSocket-Key");
        ServerWebSocket socket = new ServerWebSocket(listener);
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        response.setHeader("Upgrade", "websocket");
        response.setHeader("Connection", "Upgrade");
        response.setHeader("Sec-WebSocket-Accept", WebSocketAccept.of(key.trim()));
        // Jetty switches the connection over once the 101 is written
        EndPoint endPoint = ServletContextRequest.getServletContextRequest(request).getConnectionMetaData()
                .getConnection().getEndPoint();
        request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, socket.new Connection(endPoint));
        return socket;
    }

    /** Whether a message sent now goes out without waiting: open, and no write in flight. */
    public synchronized boolean isReady() {
        return open && !writing && !closing;
    }

    /**
     * Queues one text message of {@code length} bytes of UTF-8 from {@code offset}, held by reference until written
     * (the caller does not change them); writes the batch once it is large. Ignored once closing.
     */
    public void send(byte[] utf8, int offset, int length) {
        synchronized (this) {
            if (closing || closed) {
                return;
            }
            batch.add(ByteBuffer.wrap(header(OP_TEXT, length)));
            batch.add(ByteBuffer.wrap(utf8, offset, length));
            batchBytes += length;
            if (batchBytes < BATCH_BYTES) {
                return;
            }
        }
        flush();
    }

    /** Writes what is queued, unless a write is in flight (its completion writes the rest). */
    public void flush() {
        while (true) {
            ByteBuffer[] buffers;
            synchronized (this) {
                if (!open || writing || batch.isEmpty() || closed) {
                    return;
                }
                buffers = batch.toArray(ByteBuffer[]::new);
                batch.clear();
                batchBytes = 0;
                queuedPongs = 0;
                writing = true;
                flushingThread = Thread.currentThread();
                if (idleTimeoutMillis <= 0 || idleTimeoutMillis > WRITE_STALL_MILLIS) {
                    endPoint.setIdleTimeout(WRITE_STALL_MILLIS); // a write in flight must progress within this
                }
            }
            try {
                endPoint.write(Callback.from(this::written, this::failed), buffers);
            } finally {
                synchronized (this) {
                    flushingThread = null;
                }
            }
            // written at once (the socket took it all): go on with what was queued meanwhile, if anything
        }
    }

    /** Sends what is queued, then a close frame with {@code code}, and closes the connection once it is written. */
    public void close(int code, String reason) {
        synchronized (this) {
            if (closing || closed) {
                return;
            }
            closing = true;
            byte[] why = reason.getBytes(StandardCharsets.UTF_8);
            int length = Math.min(123, why.length);
            byte[] payload = new byte[2 + length];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) code;
            System.arraycopy(why, 0, payload, 2, length);
            batch.add(ByteBuffer.wrap(header(OP_CLOSE, payload.length)));
            batch.add(ByteBuffer.wrap(payload));
        }
        flush();
    }

    private void written() {
        boolean atOnce;
        boolean shut;
        synchronized (this) {
            writing = false;
            endPoint.setIdleTimeout(idleTimeoutMillis);
            atOnce = flushingThread == Thread.currentThread();
            shut = closing && batch.isEmpty(); // the close frame is out
        }
        if (shut) {
            endPoint.close();
            return;
        }
        if (atOnce) {
            return; // flush() goes on, and its caller sees isReady()
        }
        flush();
        if (isReady()) {
            listener.onWritable();
        }
    }

    private void failed(Throwable cause) {
        LOG.debug("websocket write failed error={}", cause.toString());
        endPoint.close(cause);
    }

    private void ended() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = false;
            batch.clear();
        }
        listener.onClosed();
    }

    /** A server's frame head: FIN, the opcode, the length (unmasked, as a server sends). */
    static byte[] header(int opcode, int length) {
        if (length < 126) {
            return new byte[] {(byte) (0x80 | opcode), (byte) length};
        }
        if (length < 65536) {
            return new byte[] {(byte) (0x80 | opcode), 126, (byte) (length >> 8), (byte) length};
        }
        byte[] head = new byte[10];
        head[0] = (byte) (0x80 | opcode);
        head[1] = 127;
        for (int i = 0; i < 8; i++) {
            head[9 - i] = (byte) ((long) length >> (8 * i));
        }
        return head;
    }

    /** The upgraded connection: reads the client's frames and writes the batches. */
    private final class Connection extends AbstractConnection {

        private final ClientFrames frames = new ClientFrames();

        Connection(EndPoint endPoint) {
            super(endPoint, Runnable::run);
        }

        @Override
        public void onOpen() {
            super.onOpen();
            synchronized (ServerWebSocket.this) {
                ServerWebSocket.this.endPoint = getEndPoint();
                idleTimeoutMillis = getEndPoint().getIdleTimeout();
                open = true;
            }
            fillInterested();
            flush(); // a close queued before the handshake was out
            if (isReady()) {
                listener.onWritable();
            }
        }

        @Override
        public void onFillable() {
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            try {
                while (true) {
                    buffer.clear().flip();
                    int n = getEndPoint().fill(buffer);
                    if (n == 0) {
                        fillInterested();
                        return;
                    }
                    if (n < 0) {
                        getEndPoint().close();
                        return;
                    }
                    ClientFrames.Frame frame;
                    while ((frame = frames.next(buffer)) != null) {
                        if (!answer(frame)) {
                            return;
                        }
                    }
                }
            } catch (java.io.IOException e) {
                getEndPoint().close(e);
            } catch (ClientFrames.ProtocolException e) {
                LOG.debug("websocket client broke the protocol: {}", e.getMessage());
                ServerWebSocket.this.close(PROTOCOL_ERROR, e.getMessage());
            }
        }

        /** Answers a control frame; false once the client closed. */
        private boolean answer(ClientFrames.Frame frame) {
            switch (frame.opcode()) {
                case OP_PING -> {
                    boolean flooded;
                    synchronized (ServerWebSocket.this) {
                        if (closing || closed) {
                            return true;
                        }
                        flooded = ++queuedPongs > MAX_QUEUED_PONGS;
                        if (!flooded) {
                            batch.add(ByteBuffer.wrap(header(OP_PONG, frame.payload().length)));
                            batch.add(ByteBuffer.wrap(frame.payload()));
                        }
                    }
                    if (flooded) {
                        getEndPoint().close();
                        return false;
                    }
                    flush();
                    return true;
                }
                case OP_CLOSE -> {
                    byte[] payload = frame.payload();
                    int code = payload.length >= 2 ? (payload[0] & 0xFF) << 8 | payload[1] & 0xFF : NORMAL_CLOSURE;
                    ServerWebSocket.this.close(code, "");
                    return false;
                }
                default -> {
                    return true; // a pong, or data the server does not read
                }
            }
        }

        @Override
        public void onClose(Throwable cause) {
            super.onClose(cause);
            ended();
        }
    }
}
