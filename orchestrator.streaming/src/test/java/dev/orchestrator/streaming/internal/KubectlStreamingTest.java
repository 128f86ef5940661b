package dev.orchestrator.streaming.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static dev.orchestrator.streaming.internal.StreamingServerTest.config;
import static dev.orchestrator.streaming.internal.StreamingServerTest.connect;
import static dev.orchestrator.streaming.internal.StreamingServerTest.freePort;
import static dev.orchestrator.streaming.internal.StreamingServerTest.shell;

import dev.orchestrator.api.runtime.ContainerExec.StreamOptions;
import dev.orchestrator.testing.Eventually;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming server driven by real kubectl: 1.27 speaks SPDY/3.1 only, 1.33 WebSocket v5 first for exec and
 * attach (SPDY for port-forward, after the server refuses its WebSocket variant). kubectl talks to a minimal API
 * server ({@link FakeApiServer}) that registers the sessions and tunnels to the streaming server, as the kubelet
 * does. Sessions run real {@code sh -c} processes and forward to a real HTTP server on loopback.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KubectlStreamingTest {

    private static final Path KUBECTL_DIR = Path.of(System.getProperty("kubectl.dir", "/usr/lib/google-cloud-sdk/bin"));
    private NettyStreamingServer server;
    /** kubectl's kubeconfig, cache and output files; removed after each test. */
    @TempDir
    Path temp;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        server = new NettyStreamingServer(config(60));
    }

    @AfterEach
    void stop() {
        server.close();
    }

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
        Path work = Files.createDirectory(temp.resolve("streaming-kubectl"));
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
        Path work = Files.createDirectory(temp.resolve("streaming-forward"));
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
                Eventually.until("kubectl port-forward output", 60, () -> Files.readString(out), s -> s.contains("Forwarding from 127.0.0.1:" + local)
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
                Eventually.until("kubectl port-forward output", 60, () -> Files.readString(refused), s -> s.contains("Forwarding from 127.0.0.1:" + local)
                        || !nothing.isAlive());
                try {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local + "/"))
                            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    // expected: the connection is dropped
                }
                String text = Eventually.until("kubectl port-forward output", 60, () -> Files.readString(refused), s -> s.contains("error forwarding port " + closed));
                assertTrue(text.toLowerCase().contains("connection refused"), text);
            } finally {
                nothing.destroyForcibly();
                nothing.waitFor(30, TimeUnit.SECONDS);
            }
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
}
