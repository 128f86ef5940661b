package dev.orchestrator.http.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real Jetty 12 serving WebSockets by {@link ServerWebSocket}, the JDK's WebSocket client as the other side. */
class ServerWebSocketTest {

    private static final long DEADLINE_SECONDS = 30;

    private Server jetty;
    private int port;
    /** The server's side hears its socket closed. */
    private final CountDownLatch serverClosed = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                if (!ServerWebSocket.isRequested(request)) {
                    response.sendError(426, "a WebSocket, please");
                    return;
                }
                String problem = ServerWebSocket.handshakeProblem(request);
                if (problem != null) {
                    response.sendError(400, problem);
                    return;
                }
                Sender sender = new Sender(messages(request.getParameter("sizes")),
                        "1".equals(request.getParameter("close")));
                sender.socket = ServerWebSocket.accept(request, response, sender);
            }
        }), "/ws");
        jetty.setHandler(context);
        jetty.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
    }

    /** Sends its messages as fast as the socket takes them, then closes if asked to. */
    private final class Sender implements ServerWebSocket.Listener {
        private final Deque<byte[]> messages;
        private final boolean close;
        volatile ServerWebSocket socket;

        Sender(List<byte[]> messages, boolean close) {
            this.messages = new ArrayDeque<>(messages);
            this.close = close;
        }

        @Override
        public synchronized void onWritable() {
            while (socket.isReady() && !messages.isEmpty()) {
                byte[] next = messages.poll();
                socket.send(next, 0, next.length);
            }
            socket.flush();
            if (messages.isEmpty() && close) {
                socket.close(ServerWebSocket.NORMAL_CLOSURE, "done");
            }
        }

        @Override
        public void onClosed() {
            serverClosed.countDown();
        }
    }

    /** Messages of the given sizes ("10,300,70000"), each filled with its own number so that order shows. */
    private static List<byte[]> messages(String sizes) {
        List<byte[]> messages = new ArrayList<>();
        if (sizes == null) {
            return messages;
        }
        String[] each = sizes.split(",");
        for (int i = 0; i < each.length; i++) {
            messages.add(text(i, Integer.parseInt(each[i])));
        }
        return messages;
    }

    private static byte[] text(int number, int size) {
        byte[] text = new byte[size];
        byte[] digits = (number + ":").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < size; i++) {
            text[i] = i < digits.length ? digits[i] : (byte) ('a' + i % 26);
        }
        return text;
    }

    /** What the JDK's client heard: whole text messages, pongs, the close. */
    private static final class Heard implements WebSocket.Listener {
        final List<String> messages = new ArrayList<>();
        final List<String> pongs = new ArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder part = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                synchronized (messages) {
                    messages.add(part.toString());
                    messages.notifyAll();
                }
                part.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket socket, ByteBuffer message) {
            synchronized (pongs) {
                pongs.add(StandardCharsets.UTF_8.decode(message).toString());
                pongs.notifyAll();
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
        }

        void awaitMessages(int count) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            synchronized (messages) {
                while (messages.size() < count && System.nanoTime() < end) {
                    messages.wait(100);
                }
            }
        }
    }

    private WebSocket connect(String query, Heard heard) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?" + query), heard)
                .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void messagesOfEveryLengthArriveWholeInOrderAndTheServerCloses() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sizes.add(i % 3 == 0 ? 10 + i : i % 3 == 1 ? 126 + i * 200 : 65_536 + i * 10); // 7-, 16- and 64-bit lengths
        }
        String query = "close=1&sizes=" + String.join(",", sizes.stream().map(String::valueOf).toList());
        Heard heard = new Heard();
        connect(query, heard);
        assertEquals(ServerWebSocket.NORMAL_CLOSURE, heard.closed.get(DEADLINE_SECONDS, TimeUnit.SECONDS));
        assertEquals(sizes.size(), heard.messages.size());
        for (int i = 0; i < sizes.size(); i++) {
            assertEquals(new String(text(i, sizes.get(i)), StandardCharsets.US_ASCII), heard.messages.get(i), "message " + i);
        }
        assertTrue(serverClosed.await(DEADLINE_SECONDS, TimeUnit.SECONDS), "the server's side heard the end");
    }

    @Test
    void pingsAreAnsweredAndTheClientsCloseEndsTheSocket() throws Exception {
        Heard heard = new Heard();
        WebSocket socket = connect("sizes=5", heard);
        heard.awaitMessages(1);
        assertEquals(List.of(new String(text(0, 5), StandardCharsets.US_ASCII)), heard.messages);
        socket.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8))).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        synchronized (heard.pongs) {
            while (heard.pongs.isEmpty() && System.nanoTime() < end) {
                heard.pongs.wait(100);
            }
        }
        assertEquals(List.of("are you there"), heard.pongs);
        socket.sendClose(4000, "bye").get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertTrue(serverClosed.await(DEADLINE_SECONDS, TimeUnit.SECONDS), "the client's close ended the server's side");
        assertEquals(4000, heard.closed.get(DEADLINE_SECONDS, TimeUnit.SECONDS), "the close is answered with its code");
    }

    @Test
    void aHandshakeWithoutItsKeyOrOfAnotherVersionIsRefused() throws Exception {
        assertTrue(rawHandshake("Sec-WebSocket-Version: 13\r\n").startsWith("HTTP/1.1 400"));
        assertTrue(rawHandshake("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n")
                .startsWith("HTTP/1.1 400"));
        String accepted = rawHandshake("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
        assertTrue(accepted.startsWith("HTTP/1.1 101"), accepted);
        // RFC 6455 §1.3's example key and its answer
        assertTrue(accepted.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), accepted);
    }

    /** The head of the answer to a handshake with {@code headers} sent on a plain socket. */
    private String rawHandshake(String headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" + headers
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            return head.toString();
        }
    }
}
