package dev.orchestrator.client.internal;

import dev.orchestrator.support.websocket.WebSocketAccept;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import io.fabric8.kubernetes.client.http.WebSocketResponse;
import io.fabric8.kubernetes.client.http.WebSocketUpgradeResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket (RFC 6455) to this process's API server on a {@link LocalLink}: the handshake as HTTP/1.1, then
 * frames. It is there for the components' watches: fabric8 reads a watch over HTTP one character at a time into a
 * synchronized buffer, which cost the shared pod informer as much CPU as decoding the events; over a WebSocket each
 * event arrives as one message, made a string in one copy.
 *
 * <p>A message is handed to the listener only when it asked for one ({@link #request()}; the first one is asked for
 * on opening, as the JDK's WebSocket does for fabric8): what it has not asked for stays in the server's bounded
 * buffer and holds the server's writer back. Pings are answered; a close is answered and ends the connection. The
 * reading runs on {@code readers} when the server wrote, and on the thread that asks for the next message when it
 * is already there.
 */
final class LocalWebSocket implements WebSocket {

    /** The largest message taken: far beyond the largest object the API server stores. */
    static final int MAX_MESSAGE_BYTES = 64 << 20;
    private static final int MAX_HEAD_BYTES = 1 << 20;
    private static final int NORMAL_CLOSURE = 1000;
    private static final int NO_STATUS = 1005;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final StandardHttpRequest request;
    private final Listener listener;
    private final LocalLink link;
    private final Executor readers;
    private final String key;
    private final CompletableFuture<WebSocketResponse> opened = new CompletableFuture<>();
    private final ReadPasses passes = new ReadPasses(this::step, this::abort);
    private final AtomicLong demand = new AtomicLong(1);
    private volatile boolean ended;
    private boolean closeSent; // guarded by this, as the writes are

    // read and written by the pass that reads (one at a time)
    private ByteBuffer pending = NOTHING;
    private boolean upgraded;
    private ByteArrayOutputStream fragments;
    private int fragmentsOpcode;

    private LocalWebSocket(StandardHttpRequest request, Listener listener, LocalLink link, Executor readers) {
        this.request = request;
        this.listener = listener;
        this.link = link;
        this.readers = readers;
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        this.key = Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * Sends the handshake of {@code request} on {@code link}.
     *
     * @return the handshake's outcome to come, or null when the link was closed before it was sent (nothing sent,
     *         the link closed)
     */
    static CompletableFuture<WebSocketResponse> open(StandardHttpRequest request, String subprotocol, Listener listener,
                                                     LocalLink link, Executor readers) {
        LocalWebSocket socket = new LocalWebSocket(request, listener, link, readers);
        String upgrade = "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + socket.key + "\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n");
        ByteBuffer handshake;
        try {
            handshake = LocalExchange.encode(request, upgrade);
        } catch (IOException e) {
            link.close();
            return CompletableFuture.failedFuture(e);
        }
        link.attach(socket::signal);
        try {
            link.write(handshake);
        } catch (IOException e) {
            link.close();
            return null;
        }
        return socket.opened;
    }

    // WebSocket

    @Override
    public boolean send(ByteBuffer buffer) {
        return write(ServerFrames.OP_BINARY, buffer);
    }

    @Override
    public boolean sendClose(int code, String reason) {
        byte[] why = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + Math.min(123, why.length));
        payload.putShort((short) code).put(why, 0, payload.remaining()).flip();
        synchronized (this) {
            if (closeSent) {
                return false;
            }
            closeSent = true;
            return writeFrame(ServerFrames.OP_CLOSE, payload);
        }
    }

    @Override
    public long queueSize() {
        return 0; // each frame is handed to the server's connection as it is sent
    }

    @Override
    public void request() {
        demand.incrementAndGet();
        passes.runHere(); // a message already read is handed over without a thread hand-off
    }

    // reading

    private void signal() {
        passes.signal(readers);
    }

    private void step() throws IOException {
        while (!ended) {
            if (!upgraded) {
                LocalResponseHead head = LocalResponseHead.parse(pending);
                if (head == null) {
                    if (pending.remaining() > MAX_HEAD_BYTES) {
                        throw new IOException("a response head beyond " + MAX_HEAD_BYTES + " bytes");
                    }
                    if (!readMore()) {
                        return;
                    }
                    continue;
                }
                if (!accepted(head)) {
                    return;
                }
                upgraded = true;
                listener.onOpen(this);
                opened.complete(new WebSocketResponse(new WebSocketUpgradeResponse(request, head.code(),
                        head.headers()), this));
                continue;
            }
            int mark = pending.position();
            ServerFrames.Frame frame = ServerFrames.next(pending, MAX_MESSAGE_BYTES);
            if (frame == null) {
                if (!readMore()) {
                    return;
                }
                continue;
            }
            if (!frame.control() && demand.get() == 0) {
                pending.position(mark); // stays until asked for
                return;
            }
            take(frame);
        }
    }

    /** Appends what the server wrote to {@code pending}; false when there is nothing yet or the connection ended. */
    private boolean readMore() throws IOException {
        ByteBuffer read = link.read();
        if (read == null) {
            throw new IOException(upgraded
                    ? "the in-process API server closed the WebSocket without a close frame"
                    : "the API server closed the in-process connection before answering the WebSocket handshake to "
                            + request.uri().getRawPath());
        }
        if (!read.hasRemaining()) {
            return false;
        }
        if (!pending.hasRemaining()) {
            pending = read;
        } else {
            ByteBuffer both = ByteBuffer.allocate(pending.remaining() + read.remaining());
            pending = both.put(pending).put(read).flip();
        }
        return true;
    }

    /** Whether the server switched protocols as asked; otherwise the handshake fails with the server's answer. */
    private boolean accepted(LocalResponseHead head) throws IOException {
        if (head.code() != 101) {
            WebSocketUpgradeResponse answer = new WebSocketUpgradeResponse(request, head.code(), head.headers());
            ended = true;
            link.close();
            opened.complete(new WebSocketResponse(answer, new WebSocketHandshakeException(answer)));
            return false;
        }
        List<String> accept = head.headers().getOrDefault("Sec-WebSocket-Accept", List.of());
        if (accept.size() != 1 || !accept.get(0).equals(WebSocketAccept.of(key))) {
            throw new IOException("the in-process API server answered the WebSocket handshake with a wrong "
                    + "Sec-WebSocket-Accept");
        }
        return true;
    }

    private void take(ServerFrames.Frame frame) throws IOException {
        switch (frame.opcode()) {
            case ServerFrames.OP_PING -> writeFrame(ServerFrames.OP_PONG, ByteBuffer.wrap(frame.payload()));
            case ServerFrames.OP_PONG -> { }
            case ServerFrames.OP_CLOSE -> closed(frame);
            case ServerFrames.OP_TEXT, ServerFrames.OP_BINARY -> {
                if (fragments != null) {
                    throw new IOException("the server began a WebSocket message inside another");
                }
                if (frame.fin()) {
                    deliver(frame.opcode(), frame.array(), frame.offset(), frame.length());
                } else {
                    fragments = new ByteArrayOutputStream();
                    fragmentsOpcode = frame.opcode();
                    fragments.write(frame.array(), frame.offset(), frame.length());
                }
            }
            case ServerFrames.OP_CONTINUATION -> {
                if (fragments == null) {
                    throw new IOException("the server continued a WebSocket message it had not begun");
                }
                if (fragments.size() + (long) frame.length() > MAX_MESSAGE_BYTES) {
                    throw new IOException("the server sent a WebSocket message over " + MAX_MESSAGE_BYTES + " bytes");
                }
                fragments.write(frame.array(), frame.offset(), frame.length());
                if (frame.fin()) {
                    byte[] whole = fragments.toByteArray();
                    fragments = null;
                    deliver(fragmentsOpcode, whole, 0, whole.length);
                }
            }
            default -> throw new IOException("the server sent a WebSocket frame of unknown opcode " + frame.opcode());
        }
    }

    private void deliver(int opcode, byte[] array, int offset, int length) {
        demand.decrementAndGet();
        if (opcode == ServerFrames.OP_TEXT) {
            listener.onMessage(this, new String(array, offset, length, StandardCharsets.UTF_8));
        } else {
            listener.onMessage(this, ByteBuffer.wrap(array, offset, length).slice());
        }
    }

    private void closed(ServerFrames.Frame frame) {
        ended = true;
        int code = NO_STATUS;
        String reason = "";
        if (frame.length() >= 2) {
            code = (frame.array()[frame.offset()] & 0xFF) << 8 | frame.array()[frame.offset() + 1] & 0xFF;
            reason = new String(frame.array(), frame.offset() + 2, frame.length() - 2, StandardCharsets.UTF_8);
        }
        try {
            listener.onClose(this, code, reason);
        } finally {
            sendClose(code == NO_STATUS ? NORMAL_CLOSURE : code, "");
            link.close();
        }
    }

    private void abort(Throwable failure) {
        boolean wasOpen;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            wasOpen = upgraded;
        }
        link.close();
        if (!opened.completeExceptionally(failure) && wasOpen) {
            listener.onError(this, failure);
        }
    }

    // writing: the client's frames are masked (RFC 6455 §5.3)

    private boolean write(int opcode, ByteBuffer payload) {
        synchronized (this) {
            return !closeSent && writeFrame(opcode, payload);
        }
    }

    private synchronized boolean writeFrame(int opcode, ByteBuffer payload) {
        int length = payload.remaining();
        int extended = length < 126 ? 0 : length < 65536 ? 2 : 8;
        ByteBuffer frame = ByteBuffer.allocate(2 + extended + 4 + length);
        frame.put((byte) (0x80 | opcode));
        if (extended == 0) {
            frame.put((byte) (0x80 | length));
        } else if (extended == 2) {
            frame.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(length);
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.put(mask);
        for (int i = 0; payload.hasRemaining(); i++) {
            frame.put((byte) (payload.get() ^ mask[i & 3]));
        }
        try {
            link.write(frame.flip());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
