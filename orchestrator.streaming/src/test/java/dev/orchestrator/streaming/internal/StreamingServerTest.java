package dev.orchestrator.streaming.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.ContainerExec.StreamOptions;
import dev.orchestrator.api.streaming.ExecHandler;
import dev.orchestrator.api.streaming.PortForwardHandler;
import dev.orchestrator.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The streaming server against a real client, the JDK's WebSocket client speaking the v5 and v4 channel protocols
 * (as kubectl ≥ 1.30 and fabric8 do); {@link KubectlStreamingTest} drives it with real kubectl. Sessions run real
 * processes ({@code sh -c}) and forward to real servers on loopback.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamingServerTest {

    private NettyStreamingServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        server = new NettyStreamingServer(config(60));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static StreamingServerConfig config(int ttlSeconds) {
        return new StreamingServerConfig() {
            public Class<? extends Annotation> annotationType() {
                return StreamingServerConfig.class;
            }

            public String address() {
                return "127.0.0.1";
            }

            public int port() {
                return 0;
            }

            public int sessionTtlSeconds() {
                return ttlSeconds;
            }

            public int maxPendingSessions() {
                return 100;
            }

            public int streamCreationTimeoutSeconds() {
                return 30;
            }

            public int idleTimeoutMinutes() {
                return 10;
            }

            public int handlerThreads() {
                return 32;
            }
        };
    }

    /** A handler that runs {@code sh -c script} on this machine with the session's streams. */
    static ExecHandler shell(String script) {
        return streams -> {
            Process p = new ProcessBuilder("sh", "-c", script).start();
            Thread in = new Thread(() -> {
                try (OutputStream toProcess = p.getOutputStream()) {
                    if (streams.stdin().isPresent()) {
                        streams.stdin().get().transferTo(toProcess);
                    }
                } catch (IOException e) {
                    // the process or the client is gone
                }
            });
            in.start();
            Thread err = new Thread(() -> copy(p.getErrorStream(), streams.stderr().orElse(OutputStream.nullOutputStream())));
            err.start();
            copy(p.getInputStream(), streams.stdout().orElse(OutputStream.nullOutputStream()));
            err.join();
            return p.waitFor();
        };
    }

    private static void copy(InputStream from, OutputStream to) {
        try {
            from.transferTo(to);
        } catch (IOException e) {
            // the client is gone
        }
    }

    // ------------------------------------------------------------------ WebSocket

    @Test
    void webSocketV5CarriesStdinItsEndStdoutStderrAndTheExitCode() throws Exception {
        URI url = server.exec(new StreamOptions(true, true, true, false), shell("cat; echo err >&2; exit 3"));
        Frames frames = new Frames();
        WebSocket ws = webSocket(url, "v5.channel.k8s.io", frames);
        assertEquals("v5.channel.k8s.io", ws.getSubprotocol());
        ws.sendBinary(ByteBuffer.wrap(message(0, "hello\n")), true).get(10, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 255, 0}), true).get(10, TimeUnit.SECONDS); // stdin ends
        frames.closed.get(30, TimeUnit.SECONDS);
        assertEquals("hello\n", frames.channel(1));
        assertEquals("err\n", frames.channel(2));
        assertEquals("{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: "
                + "exit status 3\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\","
                + "\"message\":\"3\"}]}}", frames.channel(3));
        assertTrue(frames.firstIsEmptyOn(1), "the session announces itself with an empty stdout message");
    }

    @Test
    void webSocketV4RunsACommandToSuccessAndHandlerFailuresAreInternalErrors() throws Exception {
        Frames ok = new Frames();
        webSocket(server.exec(new StreamOptions(false, true, true, false), shell("echo hi")), "v4.channel.k8s.io", ok);
        ok.closed.get(30, TimeUnit.SECONDS);
        assertEquals("hi\n", ok.channel(1));
        assertEquals("{\"metadata\":{},\"status\":\"Success\"}", ok.channel(3));

        Frames failed = new Frames();
        webSocket(server.attach(new StreamOptions(false, true, false, false), streams -> {
            throw new IllegalStateException("container \"c\" is gone");
        }), "v4.channel.k8s.io", failed);
        failed.closed.get(30, TimeUnit.SECONDS);
        assertTrue(failed.channel(3).contains("\"reason\":\"InternalError\"")
                && failed.channel(3).contains("container \\\"c\\\" is gone"), failed.channel(3));
    }

    @Test
    void aTerminalSessionHandsResizesToTheHandlerInOrder() throws Exception {
        List<String> sizes = new ArrayList<>();
        CompletableFuture<Void> twoSizes = new CompletableFuture<>();
        URI url = server.exec(new StreamOptions(false, true, true, true), streams -> {
            assertTrue(streams.stderr().isEmpty(), "no stderr with a terminal");
            streams.onResize(size -> {
                synchronized (sizes) {
                    sizes.add(size.width() + "x" + size.height());
                    if (sizes.size() == 2) {
                        twoSizes.complete(null);
                    }
                }
            });
            twoSizes.get(30, TimeUnit.SECONDS);
            streams.stdout().get().write("resized\n".getBytes(StandardCharsets.UTF_8));
            return 0;
        });
        Frames frames = new Frames();
        WebSocket ws = webSocket(url, "v5.channel.k8s.io", frames);
        ws.sendBinary(ByteBuffer.wrap(message(4, "{\"Width\":100,\"Height\":30}")), true).get(10, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(message(4, "{\"Width\":120,")), true).get(10, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(message(4, "\"Height\":40}")), true).get(10, TimeUnit.SECONDS);
        frames.closed.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("100x30", "120x40"), sizes);
        assertEquals("resized\n", frames.channel(1));
    }

    @Test
    void aTokenOpensOneSessionOnceAndRefusalsSayWhy() throws Exception {
        URI url = server.exec(new StreamOptions(false, true, false, false), shell("true"));
        Frames frames = new Frames();
        webSocket(url, "v4.channel.k8s.io", frames);
        frames.closed.get(30, TimeUnit.SECONDS);
        assertEquals(404, handshakeRefusal(url, "v4.channel.k8s.io"), "a used token");
        assertEquals(404, handshakeRefusal(URI.create(server.base() + "/exec/not-a-token"), "v4.channel.k8s.io"));
        URI other = server.exec(new StreamOptions(false, true, false, false), shell("true"));
        assertEquals(403, handshakeRefusal(other, "channel.k8s.io"), "no subprotocol in common");
        URI plain = server.exec(new StreamOptions(false, true, false, false), shell("true"));
        HttpResponse<String> noUpgrade = http.send(HttpRequest.newBuilder(plain).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, noUpgrade.statusCode());
        assertTrue(noUpgrade.body().startsWith("Upgrade request required"), noUpgrade.body());
    }

    @Test
    void aSessionNobodyOpensExpires() throws Exception {
        server.close();
        server = new NettyStreamingServer(config(1));
        URI url = server.exec(new StreamOptions(false, true, false, false), shell("true"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.pendingSessions() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, server.pendingSessions(), "the session is still waiting");
        assertEquals(404, handshakeRefusal(url, "v4.channel.k8s.io"));
    }

    /** Stopping the server ends a running session for its client, interrupts its handler and leaves no thread. */
    @Test
    void closingTheServerEndsItsSessionsAndLeavesNoThread() throws Exception {
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        URI url = server.exec(new StreamOptions(true, true, false, false), streams -> {
            try {
                streams.stdin().get().read(); // the client sends nothing: blocks until the server stops
                interrupted.complete(false);
            } catch (java.io.InterruptedIOException e) {
                interrupted.complete(true);
            }
            return 0;
        });
        Frames frames = new Frames();
        webSocket(url, "v5.channel.k8s.io", frames);
        Eventually.until("the streaming threads and channels", 60, () -> Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("orchestrator-streaming-session-")), b -> b);
        server.close();
        assertTrue(interrupted.get(30, TimeUnit.SECONDS), "the handler was interrupted");
        try {
            frames.closed.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // an abrupt end is an end too
        }
        List<String> left = Eventually.until("the streaming threads and channels", 60, () -> Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("orchestrator-streaming")).toList(), List::isEmpty);
        assertEquals(List.of(), left);
        server = new NettyStreamingServer(config(60)); // for @AfterEach
    }

    @Test
    void theListenerAndItsThreadsStartWithTheFirstSession() throws Exception {
        assertEquals(List.of(), Eventually.until("the streaming threads and channels", 60, StreamingServerTest::streamingThreads, List::isEmpty),
                "a server without sessions has no thread (and no port)");
        URI url = server.exec(new StreamOptions(false, true, true, false), shell("true"));
        assertTrue(url.getPort() > 0 && url.getHost().equals("127.0.0.1"), url.toString());
        assertFalse(streamingThreads().isEmpty(), "the listener runs once a session is registered");
    }

    private static List<String> streamingThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("orchestrator-streaming")).toList();
    }

    @Test
    void webSocketPortForwardNamesThePortAndCarriesTheConnection() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            URI url = server.portForward(List.of(echo.port()), connect());
            Frames frames = new Frames();
            WebSocket ws = webSocket(url, "v4.channel.k8s.io", frames);
            ws.sendBinary(ByteBuffer.wrap(message(0, "ping\n")), true).get(10, TimeUnit.SECONDS);
            String prefix = new String(new byte[] {(byte) (echo.port() & 0xff), (byte) (echo.port() >> 8)},
                    StandardCharsets.ISO_8859_1);
            String echoed = Eventually.until("the streaming threads and channels", 60, () -> frames.rawChannel(0), s -> s.contains("ping\n"));
            assertEquals(prefix + "ping\n", echoed, "the port (little-endian), then the echo");
            assertEquals(prefix, frames.rawChannel(1), "the error channel names the port too, and nothing else");
            ws.sendClose(1000, "").get(10, TimeUnit.SECONDS);
        }
    }

    /** A port-forward handler that connects to the port on loopback. */
    static PortForwardHandler connect() {
        return (port, in, out) -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                Thread up = new Thread(() -> {
                    try {
                        in.transferTo(s.getOutputStream());
                        s.shutdownOutput();
                    } catch (IOException e) {
                        // gone
                    }
                });
                up.start();
                s.getInputStream().transferTo(out);
            }
        };
    }

    // ------------------------------------------------------------------ helpers

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static byte[] message(int channel, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        byte[] m = new byte[data.length + 1];
        m[0] = (byte) channel;
        System.arraycopy(data, 0, m, 1, data.length);
        return m;
    }

    private WebSocket webSocket(URI url, String protocol, Frames frames) throws Exception {
        return http.newWebSocketBuilder().subprotocols(protocol)
                .buildAsync(URI.create(url.toString().replace("http:", "ws:")), frames).get(10, TimeUnit.SECONDS);
    }

    /** The HTTP status a refused WebSocket handshake got. */
    private int handshakeRefusal(URI url, String protocol) throws Exception {
        try {
            webSocket(url, protocol, new Frames());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
        return 101;
    }

    /** The binary messages of a channel session. */
    static final class Frames implements WebSocket.Listener {
        private final List<byte[]> received = new ArrayList<>();
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        @Override
        public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            current.writeBytes(bytes);
            if (last) {
                received.add(current.toByteArray());
                current.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        synchronized String channel(int channel) {
            return new String(rawChannel(channel).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }

        synchronized String rawChannel(int channel) {
            StringBuilder text = new StringBuilder();
            for (byte[] frame : received) {
                if (frame.length > 0 && (frame[0] & 0xff) == channel) {
                    text.append(new String(frame, 1, frame.length - 1, StandardCharsets.ISO_8859_1));
                }
            }
            return text.toString();
        }

        synchronized boolean firstIsEmptyOn(int channel) {
            return !received.isEmpty() && received.get(0).length == 1 && received.get(0)[0] == channel;
        }
    }

    /** A line echo server on loopback. */
    static final class EchoServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());

        EchoServer() throws IOException {
            Thread t = new Thread(() -> {
                try (Socket s = socket.accept()) {
                    s.getInputStream().transferTo(s.getOutputStream());
                } catch (IOException e) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
