package dev.orchestrator.kubelet.internal.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** httpGet and tcpSocket probes against real servers on loopback. */
class NetworkProbersTest {

    private HttpServer http;
    private final Map<String, String> seenHeaders = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            exchange.getRequestHeaders().forEach((k, v) -> seenHeaders.put(k.toLowerCase(), String.join(",", v)));
            String path = exchange.getRequestURI().getPath();
            int code = path.equals("/healthz") ? 200 : path.equals("/moved") ? 302 : path.equals("/broken") ? 500 : 404;
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private Container container() {
        return new ContainerBuilder().withName("main").addNewPort().withName("web")
                .withContainerPort(http.getAddress().getPort()).endPort().build();
    }

    private ProbeResult httpGet(String path, IntOrString port, Map<String, String> headers) {
        ProbeBuilder b = new ProbeBuilder();
        var get = b.withNewHttpGet().withPath(path).withPort(port);
        headers.forEach((k, v) -> get.addNewHttpHeader(k, v));
        Probe probe = get.endHttpGet().build();
        return new HttpGetProber().probe(probe, new ProbeTarget(container(), "c1", Optional.of("127.0.0.1"), null),
                Duration.ofSeconds(2));
    }

    @Test
    void statusesFrom200To399Pass() {
        assertEquals(ProbeResult.success(), httpGet("/healthz", new IntOrString(http.getAddress().getPort()), Map.of()));
        assertEquals(ProbeResult.success(), httpGet("/moved", new IntOrString(http.getAddress().getPort()), Map.of()));
        assertEquals(ProbeResult.failure("HTTP probe failed with statuscode: 500"),
                httpGet("/broken", new IntOrString(http.getAddress().getPort()), Map.of()));
        assertEquals(ProbeResult.failure("HTTP probe failed with statuscode: 404"),
                httpGet("nothing", new IntOrString(http.getAddress().getPort()), Map.of()));
    }

    @Test
    void aNamedPortAndHeadersAreUsedAndHostCanBeOverridden() {
        assertEquals(ProbeResult.success(), httpGet("/healthz", new IntOrString("web"),
                Map.of("X-Custom", "yes", "Host", "example.test")));
        assertEquals("yes", seenHeaders.get("x-custom"));
        assertEquals("example.test", seenHeaders.get("host"));
        assertEquals(HttpGetProber.USER_AGENT, seenHeaders.get("user-agent"));
        assertEquals("close", seenHeaders.get("connection"));
    }

    @Test
    void anUnknownPortNameIsAnError() {
        assertEquals(ProbeResult.error("couldn't find port: grpc"), httpGet("/healthz", new IntOrString("grpc"), Map.of()));
    }

    @Test
    void aClosedPortIsRefusedInKubernetesWords() throws Exception {
        int closed = closedPort();
        assertEquals(ProbeResult.failure("Get \"http://127.0.0.1:" + closed + "/healthz\": dial tcp 127.0.0.1:" + closed
                + ": connect: connection refused"), httpGet("/healthz", new IntOrString(closed), Map.of()));
        Probe tcp = new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(closed)).endTcpSocket().build();
        assertEquals(ProbeResult.failure("dial tcp 127.0.0.1:" + closed + ": connect: connection refused"),
                new TcpSocketProber().probe(tcp, new ProbeTarget(container(), "c1", Optional.of("127.0.0.1"), null),
                        Duration.ofSeconds(1)));
    }

    @Test
    void anOpenPortPassesTheTcpProbe() {
        Probe tcp = new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString("web")).endTcpSocket().build();
        assertEquals(ProbeResult.success(), new TcpSocketProber().probe(tcp,
                new ProbeTarget(container(), "c1", Optional.of("127.0.0.1"), null), Duration.ofSeconds(1)));
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ProbeResult r = httpGet("/", new IntOrString(silent.getLocalPort()), Map.of());
            assertEquals(ProbeResult.Outcome.FAILURE, r.outcome());
            assertTrue(r.message().endsWith("context deadline exceeded (Client.Timeout exceeded while awaiting headers)"),
                    r.message());
        }
    }

    @Test
    void withoutAPodIpNetworkProbesCannotRun() {
        Probe tcp = new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(80)).endTcpSocket().build();
        assertEquals(ProbeResult.Outcome.ERROR, new TcpSocketProber().probe(tcp,
                new ProbeTarget(container(), "c1", Optional.empty(), null), Duration.ofSeconds(1)).outcome());
    }

    @Test
    void httpsIsSpokenWithoutVerifyingTheCertificate(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path store = dir.resolve("self-signed.p12");
        Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "probe", "-keyalg", "EC", "-dname", "CN=pod.invalid", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "secret", "-keypass", "secret")
                .redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(store)) {
            keys.load(in, "secret".toCharArray());
        }
        var kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "secret".toCharArray());
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        var https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(context));
        https.createContext("/", exchange -> {
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/healthz") ? 204 : 503, -1);
            exchange.close();
        });
        https.start();
        try {
            int port = https.getAddress().getPort();
            Probe ok = new ProbeBuilder().withNewHttpGet().withScheme("HTTPS").withPath("/healthz")
                    .withPort(new IntOrString(port)).endHttpGet().build();
            Probe unavailable = new ProbeBuilder().withNewHttpGet().withScheme("HTTPS").withPath("/busy")
                    .withPort(new IntOrString(port)).endHttpGet().build();
            ProbeTarget target = new ProbeTarget(container(), "c1", Optional.of("127.0.0.1"), null);
            assertEquals(ProbeResult.success(), new HttpGetProber().probe(ok, target, Duration.ofSeconds(5)));
            assertEquals(ProbeResult.failure("HTTP probe failed with statuscode: 503"),
                    new HttpGetProber().probe(unavailable, target, Duration.ofSeconds(5)));
        } finally {
            https.stop(0);
        }
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void portsResolveByNumberOrName() {
        Container c = container();
        assertEquals(Optional.of(8080), ContainerPorts.resolve(c, new IntOrString(8080)));
        assertEquals(Optional.of(http.getAddress().getPort()), ContainerPorts.resolve(c, new IntOrString("web")));
        assertEquals(Optional.empty(), ContainerPorts.resolve(c, new IntOrString("nope")));
        assertEquals(Optional.empty(), ContainerPorts.resolve(c, null));
    }
}
