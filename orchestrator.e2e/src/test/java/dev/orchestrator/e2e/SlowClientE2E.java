package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.testing.Eventually;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that are slow or speak bad HTTP against the bounded API listener (orchestrator.http),
 * with deadlines made short so the test is quick: headers or a body sent a byte a second are
 * cut at their deadline, a watcher that never reads is cut when its output stalls while other
 * watchers get every event, and malformed protocol lines are answered with a {@code Status}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SlowClientE2E {

    private static final int HEADER_SECONDS = 3;
    private static final int BODY_SECONDS = 5;
    private static final int STALL_SECONDS = 5;
    /** Allowance on top of a deadline for a busy machine (the guard itself sweeps once a second). */
    private static final int SLACK_SECONDS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AllInOne cluster;
    /** The ports of the connections that send a slow body on purpose. */
    private final Set<Integer> slowBodyPorts = ConcurrentHashMap.newKeySet();
    private static final int MAX_WATCHES = 8;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void start() throws Exception {
        // Without the controllers, whose informers (one per kind) would otherwise compete with the test for
        // the few watch slots and take each one the test frees.
        cluster = AllInOne.startWith(AllInOne.withoutControllers(Map.of("orchestrator.http.cfg", String.join("\n",
                "headerTimeoutSeconds=" + HEADER_SECONDS, "bodyTimeoutSeconds=" + BODY_SECONDS,
                "writeStallSeconds=" + STALL_SECONDS, ""), "orchestrator.apiserver.cfg", "maxWatches=" + MAX_WATCHES + "\n")));
        String limits = "header " + HEADER_SECONDS + " s, body " + BODY_SECONDS + " s, write stall " + STALL_SECONDS + " s";
        Eventually.until("the listener with " + limits, 30, cluster::log, log -> log.contains(limits));
        Eventually.until("the API answers on the bounded listener", 30, () -> get("/readyz").statusCode(), c -> c == 200);
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void headersSentAByteASecondAreCutAtTheHeaderDeadline() throws Exception {
        try (Socket socket = RawHttp.connect(cluster, 0)) {
            long start = System.nanoTime();
            trickle(socket, "GET /api/v1/namespaces HTTP/1.1\r\nHost: e2e\r\nX-Slow: " + "a".repeat(200));
            RawHttp.drainUntilClosed(socket, (HEADER_SECONDS + SLACK_SECONDS + 5) * 1000);
            assertClosedWithin(start, HEADER_SECONDS, "headers");
            awaitGuardLog(socket, "its request headers took longer than " + HEADER_SECONDS + " s");
        }
        assertEquals(200, get("/readyz").statusCode());
    }

    @Test
    void aBodySentAByteASecondIsCutAtTheBodyDeadline() throws Exception {
        try (Socket socket = RawHttp.connect(cluster, 0)) {
            slowBodyPorts.add(socket.getLocalPort());
            OutputStream out = socket.getOutputStream();
            out.write(RawHttp.ascii("POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: e2e\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"));
            out.flush();
            long start = System.nanoTime();
            trickle(socket, "{\"metadata\":{\"name\":\"slow-body\"},\"data\":{\"k\":\"" + " ".repeat(900));
            RawHttp.drainUntilClosed(socket, (BODY_SECONDS + SLACK_SECONDS + 5) * 1000);
            assertClosedWithin(start, BODY_SECONDS, "body");
            awaitGuardLog(socket, "its request body took longer than " + BODY_SECONDS + " s");
        }
        assertEquals(404, get("/api/v1/namespaces/default/configmaps/slow-body").statusCode());
    }

    /**
     * A watcher that never reads, on a socket with a small receive buffer, while 200 ConfigMaps of
     * 100 KiB are written: once the socket buffers are full its output stalls, and the connection
     * is closed after the write-stall deadline. A second watcher reading normally on a connection of
     * its own gets every event, before and after, on that same connection; it declares an empty body
     * ({@code Content-Length: 0}) as fabric8's JDK client does on its watches, which must not count as
     * a body still being sent however long the watch lasts.
     */
    @Test
    void aWatcherThatNeverReadsIsCutWhileOtherWatchersGetEveryEvent() throws Exception {
        create("/api/v1/namespaces", "{\"metadata\":{\"name\":\"stall\"}}");
        Set<String> added = ConcurrentHashMap.newKeySet();
        List<Throwable> readerFailure = new ArrayList<>();
        try (Socket normal = RawHttp.connect(cluster, 0); Socket stalled = RawHttp.connect(cluster, 4096)) {
            normal.getOutputStream().write(RawHttp.ascii("GET /api/v1/namespaces/stall/configmaps?watch=true HTTP/1.1\r\n"
                    + "Host: e2e\r\nContent-Length: 0\r\n\r\n"));
            InputStream normalIn = normal.getInputStream();
            assertEquals(200, RawHttp.readHead(normalIn));
            Thread reader = new Thread(() -> {
                try {
                    RawHttp.lines(normalIn, line -> {
                        JsonNode event = parse(line);
                        if ("ADDED".equals(event.path("type").asText())) {
                            added.add(event.path("object").path("metadata").path("name").asText());
                        }
                    });
                } catch (IOException | RuntimeException e) {
                    readerFailure.add(e);
                }
            }, "normal-watcher");
            reader.setDaemon(true);
            reader.start();

            stalled.getOutputStream().write(RawHttp.ascii("GET /api/v1/configmaps?watch=true HTTP/1.1\r\nHost: e2e\r\n\r\n"));
            assertEquals(200, RawHttp.readHead(stalled.getInputStream())); // and never reads again
            String cut = "closing the connection from /127.0.0.1:" + stalled.getLocalPort() + ": it has not read its response";

            String value = "x".repeat(100 * 1024);
            for (int i = 0; i < 200; i++) {
                create("/api/v1/namespaces/stall/configmaps",
                        "{\"metadata\":{\"name\":\"big-" + i + "\"},\"data\":{\"v\":\"" + value + "\"}}");
            }
            long loaded = System.nanoTime();
            Eventually.until("the never-reading watcher cut", STALL_SECONDS + SLACK_SECONDS, cluster::log,
                    log -> log.contains(cut));
            assertTrue(System.nanoTime() - loaded <= TimeUnit.SECONDS.toNanos(STALL_SECONDS + SLACK_SECONDS));
            long received = RawHttp.drainUntilClosed(stalled, 30_000);
            assertTrue(received < 200L * value.length(), "the stalled watcher got everything (" + received
                    + " bytes): it was not cut");

            Eventually.until("the normal watcher saw all 200 ConfigMaps", 60, () -> added.size() + " " + readerFailure,
                    seen -> added.size() >= 200 || !readerFailure.isEmpty());
            assertEquals(List.of(), readerFailure);
            create("/api/v1/namespaces/stall/configmaps", "{\"metadata\":{\"name\":\"after-the-cut\"}}");
            Eventually.until("the normal watcher, on the same connection, saw a ConfigMap made after the cut", 30,
                    () -> added.contains("after-the-cut") + " " + readerFailure, seen -> seen.startsWith("true"));
            assertEquals(List.of(), readerFailure, "the normal watcher's connection ended");
        }
        List<String> bodyCuts = cluster.log().lines().filter(l -> l.contains("its request body took longer"))
                .filter(l -> slowBodyPorts.stream().noneMatch(port -> l.contains("/127.0.0.1:" + port + ":"))).toList();
        assertEquals(List.of(), bodyCuts, "connections that sent no slow body (watches) were cut for one");
    }

    private record Malformed(String what, byte[] request, int code) {
    }

    @Test
    void watchesBeyondTheServersLimitGet429UntilOneEnds() throws Exception {
        List<Socket> watches = new ArrayList<>();
        // Watches that end by themselves: the server frees a slot when a watch ends. (A client that only
        // closes its socket is noticed at the next write to it, or at the watch idle timeout.)
        byte[] watch = RawHttp.ascii("GET /api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=10 HTTP/1.1\r\n"
                + "Host: e2e\r\n\r\n");
        try {
            RawHttp.Response refused = null;
            // The server's own components hold some of the slots; ours fill the rest.
            for (int i = 0; i <= MAX_WATCHES && refused == null; i++) {
                Socket socket = RawHttp.connect(cluster, 0);
                watches.add(socket);
                socket.getOutputStream().write(watch);
                RawHttp.Response r = RawHttp.read(socket.getInputStream(), true); // a 200 watch: its head only
                if (r.code() == 429) {
                    refused = r;
                } else {
                    assertEquals(200, r.code(), r.body());
                }
            }
            assertTrue(refused != null, "no 429 after " + (MAX_WATCHES + 1) + " watches");
            assertTrue(refused.body().contains("\"code\":429") && refused.body().contains("too many watches"), refused.body());
            assertTrue(refused.headers().containsKey("retry-after"), refused.headers().toString());
            Eventually.until("a new watch once ours ended", 60, () -> {
                try (Socket socket = RawHttp.connect(cluster, 0)) {
                    socket.getOutputStream().write(watch);
                    return RawHttp.read(socket.getInputStream(), true).code();
                }
            }, code -> code == 200);
        } finally {
            for (Socket s : watches) {
                s.close();
            }
        }
    }

    @Test
    void malformedProtocolLinesAreAnsweredWithAStatus() throws Exception {
        String configMap = "{\"metadata\":{\"name\":\"garbage-type\"}}";
        List<Malformed> cases = List.of(
                new Malformed("unknown HTTP version", RawHttp.ascii("GET / HTTP/9.9\r\nHost: e2e\r\n\r\n"), 505),
                new Malformed("70,000-character URI", RawHttp.ascii("GET /api/v1/namespaces?x=" + "a".repeat(70_000)
                        + " HTTP/1.1\r\nHost: e2e\r\n\r\n"), 414),
                new Malformed("70 KB header", RawHttp.ascii("GET /api/v1/namespaces HTTP/1.1\r\nHost: e2e\r\nX-Big: "
                        + "a".repeat(70_000) + "\r\n\r\n"), 431),
                new Malformed("garbage request line", RawHttp.ascii("GARBAGE\r\n\r\n"), 400),
                new Malformed("malformed percent-escape", RawHttp.ascii("GET /api/v1/configmaps?labelSelector=%zz HTTP/1.1\r\n"
                        + "Host: e2e\r\nConnection: close\r\n\r\n"), 400),
                new Malformed("Content-Type ;;;", RawHttp.ascii("POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\n"
                        + "Host: e2e\r\nConnection: close\r\nContent-Type: ;;;\r\nContent-Length: " + configMap.length()
                        + "\r\n\r\n" + configMap), 415));
        List<String> failures = new ArrayList<>();
        for (Malformed c : cases) {
            RawHttp.Response r;
            try {
                r = RawHttp.exchange(cluster, c.request());
            } catch (IOException e) {
                failures.add(c.what() + ": no answer: " + e);
                continue;
            }
            JsonNode status = parse(r.body());
            if (r.code() != c.code() || !r.header("Content-Type").startsWith("application/json")
                    || !"Status".equals(status.path("kind").asText()) || status.path("code").asInt() != c.code()
                    || status.path("message").asText().isEmpty()) {
                failures.add(c.what() + ": expected a " + c.code() + " Status, got " + r.code() + " "
                        + r.header("Content-Type") + " " + r.body());
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(404, get("/api/v1/namespaces/default/configmaps/garbage-type").statusCode());
    }

    /** Sends {@code text} a byte a second from a thread of its own, until the connection fails or is closed. */
    private static void trickle(Socket socket, String text) {
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                for (byte b : RawHttp.ascii(text)) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(1000); // the pace of the slow client
                }
            } catch (IOException | InterruptedException closed) {
                // the server cut the connection: what the test waits for
            }
        }, "trickle");
        writer.setDaemon(true);
        writer.start();
    }

    private static void assertClosedWithin(long startNanos, int deadlineSeconds, String what) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        assertTrue(millis >= (deadlineSeconds - 1) * 1000L, "cut after " + millis + " ms, before the " + what
                + " deadline of " + deadlineSeconds + " s");
        assertTrue(millis <= (deadlineSeconds + SLACK_SECONDS) * 1000L, "cut only after " + millis + " ms; the " + what
                + " deadline is " + deadlineSeconds + " s");
    }

    private void awaitGuardLog(Socket socket, String reason) throws Exception {
        String line = "closing the connection from /127.0.0.1:" + socket.getLocalPort() + ": " + reason;
        Eventually.until("log: " + line, 10, cluster::log, log -> log.contains(line));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createObjectNode().put("unparsable", json.length() > 300 ? json.substring(0, 300) : json);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(cluster.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void create(String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(cluster.url() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), () -> "POST " + path + ": " + r.body());
    }
}
