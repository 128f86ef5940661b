package dev.orchestrator.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.orchestrator.api.metrics.Sample;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import dev.orchestrator.support.websocket.WebSocketAccept;
import dev.orchestrator.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * fabric8 on {@link LocalFirstHttpClient}: requests to the process's own port go through memory (here to
 * {@link ScriptedApiServer}, a stand-in for the HTTP bundle's listener, whose own test runs it on Jetty), and over
 * the network while there is no in-process server.
 */
class LocalFirstHttpClientTest {

    private static final int OWN_PORT = 6443;
    private static final String CONFIG_MAP = "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"%s\","
            + "\"namespace\":\"a\",\"resourceVersion\":\"%d\"},\"data\":{\"k\":\"v\"}}";

    private LocalApiRoute route;
    private ScriptedApiServer server;
    private KubernetesClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (route != null) {
            route.close();
        }
    }

    private KubernetesClient client(int port, int requestTimeoutMillis, ScriptedApiServer inProcess) {
        route = new LocalApiRoute(port);
        route.server(inProcess);
        server = inProcess;
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port)
                .withRequestRetryBackoffLimit(0).build();
        client = ClientAndInformers.newClient(config, requestTimeoutMillis, 1_000, 16, new InformerCounters(), route);
        return client;
    }

    private KubernetesClient client(int pieceBytes, Function<String, byte[]> responder) {
        return client(OWN_PORT, 10_000, new ScriptedApiServer(pieceBytes, responder));
    }

    @Test
    void requestsGoThroughMemoryOnOneConnectionKeptBetweenThem() {
        KubernetesClient api = client(64 * 1024, request -> ScriptedApiServer.http("HTTP/1.1 200 OK\r\n"
                + "Content-Type: application/json", CONFIG_MAP.formatted("b", 7)));

        ConfigMap first = api.configMaps().inNamespace("a").withName("b").get();
        ConfigMap second = api.configMaps().inNamespace("a").withName("b").get();

        assertEquals("v", first.getData().get("k"));
        assertEquals("7", second.getMetadata().getResourceVersion());
        assertEquals(1, server.connections.get(), "connections opened");
        String request = server.requests.get(0);
        assertTrue(request.startsWith("GET /api/v1/namespaces/a/configmaps/b HTTP/1.1\r\n"), request);
        assertTrue(request.contains("\r\nUser-Agent: orchestrator\r\n"), request);
        assertEquals(List.of(2.0, 0.0), requestCounts());
    }

    @Test
    void aBodyIsSentWithItsLengthAndAMissingObjectIsNull() {
        KubernetesClient api = client(64 * 1024, request -> request.startsWith("POST")
                ? ScriptedApiServer.http("HTTP/1.1 201 Created\r\nContent-Type: application/json",
                        CONFIG_MAP.formatted("c", 9))
                : ScriptedApiServer.http("HTTP/1.1 404 Not Found\r\nContent-Type: application/json",
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}"));

        ConfigMap created = api.configMaps().inNamespace("a").resource(new io.fabric8.kubernetes.api.model
                .ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().addToData("k", "v").build()).create();

        assertEquals("9", created.getMetadata().getResourceVersion());
        String post = server.requests.get(0);
        String body = post.substring(post.indexOf("\r\n\r\n") + 4);
        assertTrue(post.contains("Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"), post);
        assertTrue(body.contains("\"name\":\"c\""), body);
        assertNull(api.configMaps().inNamespace("a").withName("gone").get());
    }

    @Test
    void aWatchStreamArrivingAFewBytesAtATimeIsReadWhole() throws Exception {
        List<String> events = List.of(
                "{\"type\":\"ADDED\",\"object\":" + CONFIG_MAP.formatted("one", 1) + "}\n",
                "{\"type\":\"MODIFIED\",\"object\":" + CONFIG_MAP.formatted("one", 2) + "}\n"
                        + "{\"type\":\"DELETED\",\"object\":" + CONFIG_MAP.formatted("one", 3) + "}\n");
        KubernetesClient api = client(3, request -> ScriptedApiServer.chunked("HTTP/1.1 200 OK\r\n"
                + "Content-Type: application/json", events));
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        try (Watch ignored = watchInto(api, seen)) {
            assertEquals("ADDED 1", seen.poll(10, TimeUnit.SECONDS));
            assertEquals("MODIFIED 2", seen.poll(10, TimeUnit.SECONDS));
            assertEquals("DELETED 3", seen.poll(10, TimeUnit.SECONDS));
        }
        assertTrue(server.requests.get(0).startsWith("GET /api/v1/namespaces/a/configmaps?"), server.requests.get(0));
        assertTrue(server.requests.get(0).contains("watch=true"), server.requests.get(0));
    }

    @Test
    void aWatchGoesOverAnInMemoryWebSocketAndEachMessageArrivesWhole() throws Exception {
        String added = "{\"type\":\"ADDED\",\"object\":" + CONFIG_MAP.formatted("one", 1) + "}";
        String modified = "{\"type\":\"MODIFIED\",\"object\":" + CONFIG_MAP.formatted("one", 2) + "}";
        String deleted = "{\"type\":\"DELETED\",\"object\":" + CONFIG_MAP.formatted("one", 3) + "}";
        KubernetesClient api = client(5, request -> {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            answer.writeBytes(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + WebSocketAccept.of(header(request, "Sec-WebSocket-Key"))
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            answer.writeBytes(serverFrame(0x81, added));
            answer.writeBytes(serverFrame(0x89, "are you there")); // a ping
            int half = modified.length() / 2; // a message in two fragments
            answer.writeBytes(serverFrame(0x01, modified.substring(0, half)));
            answer.writeBytes(serverFrame(0x80, modified.substring(half)));
            answer.writeBytes(serverFrame(0x81, deleted));
            return answer.toByteArray();
        });
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        try (Watch ignored = watchInto(api, seen)) {
            assertEquals("ADDED 1", seen.poll(10, TimeUnit.SECONDS));
            assertEquals("MODIFIED 2", seen.poll(10, TimeUnit.SECONDS));
            assertEquals("DELETED 3", seen.poll(10, TimeUnit.SECONDS));
            Eventually.until("the ping answered", 10, () -> clientFrames(0xA).size() == 1);
            assertEquals("are you there", clientFrames(0xA).get(0));
        }
        String handshake = server.requests.get(0);
        assertTrue(handshake.startsWith("GET /api/v1/namespaces/a/configmaps?"), handshake);
        assertTrue(handshake.contains("watch=true"), handshake);
        assertTrue(handshake.contains("\r\nUpgrade: websocket\r\n"), handshake);
        assertTrue(handshake.contains("\r\nSec-WebSocket-Version: 13\r\n"), handshake);
        Eventually.until("the close sent when the watch closed", 10,
                () -> clientFrames(0x8).size() == 1);
        assertEquals(List.of(1.0, 0.0), requestCounts());
    }

    @Test
    void aWatchWhoseWebSocketIsRefusedFailsWithTheServersStatus() {
        KubernetesClient api = client(64 * 1024, request -> ScriptedApiServer.http(
                "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json", "{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                        + "\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,\"message\":\"no watching\"}"));

        KubernetesClientException failure = assertThrows(KubernetesClientException.class,
                () -> watchInto(api, new LinkedBlockingQueue<>()));

        assertEquals(403, failure.getCode());
        assertEquals(1, server.requests.size(), "the handshake alone: no other watch was tried");
    }

    /** An unmasked frame, as a server sends it, with {@code text} as its payload. */
    private static byte[] serverFrame(int firstByte, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(firstByte);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else {
            frame.write(126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        }
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    /** The unmasked payloads of the client's frames of {@code opcode} that the server received, each in one write. */
    private List<String> clientFrames(int opcode) {
        List<String> payloads = new java.util.ArrayList<>();
        for (byte[] write : server.writes) {
            if (write.length < 6 || (write[0] & 0x0F) != opcode || (write[1] & 0x80) == 0) {
                continue;
            }
            int length = write[1] & 0x7F;
            byte[] payload = new byte[length];
            for (int i = 0; i < length; i++) {
                payload[i] = (byte) (write[6 + i] ^ write[2 + i % 4]);
            }
            payloads.add(new String(payload, StandardCharsets.UTF_8));
        }
        return payloads;
    }

    private static String header(String request, String name) {
        for (String line : request.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " in " + request);
    }

    @Test
    void aConnectionClosedBeforeTheAnswerFailsTheRequest() {
        KubernetesClient api = client(64 * 1024, request -> null);

        KubernetesClientException failure = assertThrows(KubernetesClientException.class,
                () -> api.configMaps().inNamespace("a").withName("b").get());

        assertTrue(String.valueOf(failure.getCause()).contains("closed the in-process connection"),
                String.valueOf(failure.getCause()));
    }

    @Test
    void anAnswerThatDoesNotComeTimesOut() {
        KubernetesClient api = client(OWN_PORT, 300, new ScriptedApiServer(1024,
                request -> new byte[0]));

        KubernetesClientException failure = assertThrows(KubernetesClientException.class,
                () -> api.configMaps().inNamespace("a").withName("b").get());

        assertTrue(String.valueOf(failure.getCause()).contains("no response from the in-process API server"),
                String.valueOf(failure.getCause()));
    }

    @Test
    void withoutTheInProcessServerRequestsGoOverTheNetwork() throws Exception {
        HttpServer network = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        network.createContext("/", exchange -> {
            byte[] body = CONFIG_MAP.formatted("n", 4).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        network.start();
        try {
            KubernetesClient api = client(network.getAddress().getPort(), 10_000, null);

            assertEquals("4", api.configMaps().inNamespace("a").withName("n").get().getMetadata()
                    .getResourceVersion());
            assertEquals(List.of(0.0, 1.0), requestCounts());
        } finally {
            network.stop(0);
        }
    }

    @Test
    void whenTheInProcessListenerGoesAwayAWatchContinuesOverTheNetwork() throws Exception {
        HttpServer network = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        network.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(("{\"type\":\"MODIFIED\",\"object\":" + CONFIG_MAP.formatted("one", 2)
                    + "}\n").getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
        });
        network.start();
        try {
            ScriptedApiServer inProcess = new ScriptedApiServer(64 * 1024, request -> ScriptedApiServer.openChunked(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json", List.of("{\"type\":\"ADDED\",\"object\":"
                            + CONFIG_MAP.formatted("one", 1) + "}\n")).getBytes(StandardCharsets.UTF_8));
            KubernetesClient api = client(network.getAddress().getPort(), 10_000, inProcess);
            BlockingQueue<String> seen = new LinkedBlockingQueue<>();
            try (Watch ignored = watchInto(api, seen)) {
                assertEquals("ADDED 1", seen.poll(10, TimeUnit.SECONDS));

                // the HTTP bundle is updated: its service leaves, then its connector closes the connections
                route.server(null);
                inProcess.closeAll();

                assertEquals("MODIFIED 2", seen.poll(20, TimeUnit.SECONDS));
                assertTrue(server.requests.get(0).contains("watch=true"), server.requests.get(0));
                assertEquals(1.0, requestCounts().get(1), "requests over the network");
            }
        } finally {
            network.stop(0);
        }
    }

    /** Watches the ConfigMaps of namespace a, adding "ACTION resourceVersion" to {@code seen} for each event. */
    private static Watch watchInto(KubernetesClient api, BlockingQueue<String> seen) {
        return api.configMaps().inNamespace("a").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap object) {
                seen.add(action + " " + object.getMetadata().getResourceVersion());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    /** In memory, then over the network. */
    private List<Double> requestCounts() {
        return route.metrics().get(0).samples().stream().map(Sample::value).toList();
    }
}
