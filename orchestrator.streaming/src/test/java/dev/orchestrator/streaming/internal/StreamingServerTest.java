package dev.orchestrator.streaming.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.api.runtime.ContainerExec.StreamOptions;
import dev.orchestrator.api.streaming.ExecHandler;
import dev.orchestrator.api.streaming.PortForwardHandler;
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
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming server against real clients: the JDK's WebSocket client speaking v5 and v4 channel protocols (as
 * kubectl ≥ 1.30 and fabric8 do), and real kubectl 1.27 (SPDY/3.1 only) and 1.33 (WebSocket v5 first, SPDY for
 * port-forward) through a minimal API server. Sessions run real processes ({@code sh -c}) and forward to a real
 * HTTP server on loopback.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamingServerTest {

    private static final Path KUBECTL_DIR = Path.of(System.getProperty("kubectl.dir", "/usr/lib/google-cloud-sdk/bin"));
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

    @Test
    void webSocketPortForwardNamesThePortAndCarriesTheConnection() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            URI url = server.portForward(List.of(echo.port()), connect());
            Frames frames = new Frames();
            WebSocket ws = webSocket(url, "v4.channel.k8s.io", frames);
            ws.sendBinary(ByteBuffer.wrap(message(0, "ping\n")), true).get(10, TimeUnit.SECONDS);
            String prefix = new String(new byte[] {(byte) (echo.port() & 0xff), (byte) (echo.port() >> 8)},
                    StandardCharsets.ISO_8859_1);
            String echoed = until(() -> frames.rawChannel(0), s -> s.contains("ping\n"));
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

    // ------------------------------------------------------------------ real kubectl

    private Path kubectl(String version) {
        Path binary = KUBECTL_DIR.resolve("kubectl." + version);
        assumeTrue(Files.isExecutable(binary), "kubectl " + version + " not installed");
        return binary;
    }

    /** Runs kubectl against {@code api}; returns exit code, stdout, stderr. */
    private static String[] run(Path kubectl, FakeApiServer api, Path work, String stdin, String... args)
            throws Exception {
        Path config = work.resolve("kubeconfig");
        Files.writeString(config, "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: "
                + api.url() + "\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\n"
                + "current-context: c\nusers:\n- name: u\n  user: {}\n");
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", config.toString(),
                "--cache-dir", work.resolve("cache").toString(), "-v=" + System.getProperty("kubectl.verbosity", "0")));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(work.resolve("out").toFile())
                .redirectError(work.resolve("err").toFile());
        pb.environment().keySet().removeIf(k -> k.toLowerCase().endsWith("_proxy"));
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl did not end");
        return new String[] {String.valueOf(p.exitValue()), Files.readString(work.resolve("out")),
                Files.readString(work.resolve("err"))};
    }

    /** The API server's registration: the pod's subresource and its query become a session with a real process. */
    private URI session(URI request) {
        var q = new java.util.LinkedHashMap<String, List<String>>();
        for (String kv : request.getRawQuery() == null ? new String[0] : request.getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            q.computeIfAbsent(p[0], k -> new ArrayList<>()).add(java.net.URLDecoder.decode(p.length > 1 ? p[1] : "",
                    StandardCharsets.UTF_8));
        }
        StreamOptions o = new StreamOptions(q.containsKey("stdin"), q.containsKey("stdout"), q.containsKey("stderr"),
                q.containsKey("tty"));
        if (request.getPath().endsWith("/portforward")) {
            return server.portForward(q.getOrDefault("ports", List.of()).stream().map(Integer::parseInt).toList(),
                    connect());
        }
        if (request.getPath().endsWith("/attach")) {
            return server.attach(o, shell("while read l; do echo got-$l; done"));
        }
        List<String> command = q.get("command");
        return server.exec(o, shell(command.get(command.size() - 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void kubectlExecGetsOutputStdinAndExitCodes(String version) throws Exception {
        Path kubectl = kubectl(version);
        Path work = Files.createTempDirectory("streaming-kubectl");
        try (FakeApiServer api = new FakeApiServer(this::session)) {
            String[] hi = run(kubectl, api, work, null, "exec", "p", "--", "sh", "-c", "echo out; echo err >&2");
            assertEquals("0", hi[0], hi[2]);
            assertEquals("out\n", hi[1]);
            assertTrue(hi[2].startsWith("err\n"), hi[2]);

            String[] three = run(kubectl, api, work, null, "exec", "p", "--", "sh", "-c", "exit 3");
            assertEquals("3", three[0], three[2]);
            assertTrue(three[2].contains("command terminated with exit code 3"), three[2]);

            String[] input = run(kubectl, api, work, "line one\nline two\n", "exec", "-i", "p", "--", "sh", "-c",
                    "cat; echo stdin-ended");
            assertEquals("0", input[0], input[2]);
            assertEquals("line one\nline two\nstdin-ended\n", input[1]);

            String[] attach = run(kubectl, api, work, "x\ny\n", "attach", "-i", "p");
            assertEquals("0", attach[0], attach[2]);
            assertTrue(attach[1].contains("got-x\ngot-y\n"), attach[1]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void kubectlPortForwardReachesAPortAndReportsARefusedOne(String version) throws Exception {
        Path kubectl = kubectl(version);
        Path work = Files.createTempDirectory("streaming-forward");
        try (FakeApiServer api = new FakeApiServer(this::session);
             WebServer web = new WebServer()) {
            int local = freePort();
            Path out = work.resolve("forward.out");
            Path config = work.resolve("kubeconfig");
            run(kubectl, api, work, null, "version", "--client"); // writes the kubeconfig
            Process forward = new ProcessBuilder(kubectl.toString(), "--kubeconfig", config.toString(), "--cache-dir",
                    work.resolve("cache").toString(), "port-forward", "pod/p", local + ":" + web.port())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                until(() -> Files.readString(out), s -> s.contains("Forwarding from 127.0.0.1:" + local)
                        || !forward.isAlive());
                for (int i = 0; i < 2; i++) {
                    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + local + "/")).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals("forwarded", page.body());
                }
            } finally {
                forward.destroy();
                assertTrue(forward.waitFor(30, TimeUnit.SECONDS));
            }

            int closed = freePort();
            Path refused = work.resolve("refused.out");
            Process nothing = new ProcessBuilder(kubectl.toString(), "--kubeconfig", config.toString(), "--cache-dir",
                    work.resolve("cache").toString(), "port-forward", "pod/p", local + ":" + closed)
                    .redirectErrorStream(true).redirectOutput(refused.toFile()).start();
            try {
                until(() -> Files.readString(refused), s -> s.contains("Forwarding from 127.0.0.1:" + local)
                        || !nothing.isAlive());
                try {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local + "/"))
                            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    // expected: the connection is dropped
                }
                String text = until(() -> Files.readString(refused), s -> s.contains("error forwarding port " + closed));
                assertTrue(text.toLowerCase().contains("connection refused"), text);
            } finally {
                nothing.destroyForcibly();
                nothing.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    static <T> T until(Callable<T> read, java.util.function.Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        T value = read.call();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            value = read.call();
        }
        return value;
    }

    interface Callable<T> {
        T call() throws Exception;
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

    /** An HTTP server on loopback that answers "forwarded". */
    static final class WebServer implements AutoCloseable {
        private final com.sun.net.httpserver.HttpServer server;

        WebServer() throws IOException {
            server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            server.createContext("/", exchange -> {
                byte[] body = "forwarded".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
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
