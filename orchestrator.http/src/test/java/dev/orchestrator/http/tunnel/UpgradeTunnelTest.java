package dev.orchestrator.http.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real Jetty 12 in front, a socket server behind: upgraded sessions are joined, other answers relayed. */
class UpgradeTunnelTest {

    private Server jetty;
    private int port;
    private ServerSocket backend;
    private final CompletableFuture<String> backendSaw = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        backend = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        UpgradeTunnel tunnel = new UpgradeTunnel(Duration.ofSeconds(5), Duration.ofMinutes(1));
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                try {
                    tunnel.proxy(request, response, URI.create("http://127.0.0.1:" + backend.getLocalPort()
                            + "/backend" + request.getRequestURI() + "?from=test"), Map.of("X-Remote-User", "tester"));
                } catch (IOException e) {
                    response.sendError(502, e.getMessage());
                }
            }
        }), "/*");
        UpgradeTunnel translating = tunnel.refusedAs(r -> new IllegalStateException(r.status() + "|" + r.reason()
                + "|" + r.contentType() + "|" + r.body()));
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                try {
                    translating.proxy(request, response, URI.create("http://127.0.0.1:" + backend.getLocalPort()
                            + "/backend"), Map.of());
                } catch (IllegalStateException refused) {
                    response.setStatus(418);
                    response.getWriter().print("translated: " + refused.getMessage());
                }
            }
        }), "/translated/*");
        jetty.setHandler(context);
        jetty.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
        backend.close();
    }

    @Test
    void anUpgradedSessionCarriesBytesBothWaysAndHalfClosesEachSide() throws Exception {
        serveOnce(socket -> {
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                    + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(new String(buffer, 0, n, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT)
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            out.write("BYE".getBytes(StandardCharsets.US_ASCII)); // after the client's half-close
            socket.shutdownOutput();
        });
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            out.write(("POST /exec/ns/pod/c?command=sh HTTP/1.1\r\nHost: api\r\nConnection: Upgrade\r\n"
                    + "Upgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = client.getInputStream();
            String head = head(in);
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            assertTrue(head.contains("X-Stream-Protocol-Version: v4.channel.k8s.io"), head);
            String request = backendSaw.get(10, TimeUnit.SECONDS);
            assertTrue(request.startsWith("POST /backend/exec/ns/pod/c?from=test HTTP/1.1\r\n"), request);
            assertTrue(request.contains("Upgrade: SPDY/3.1") && request.contains("X-Remote-User: tester"), request);

            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("HELLO", new String(in.readNBytes(5), StandardCharsets.US_ASCII));
            out.write("again".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("AGAIN", new String(in.readNBytes(5), StandardCharsets.US_ASCII));
            client.shutdownOutput();
            assertEquals("BYE", new String(in.readAllBytes(), StandardCharsets.US_ASCII), "then the end of stream");
        }
    }

    @Test
    void aRefusalFromTheBackendIsRelayedAsItIs() throws Exception {
        String body = "{\"kind\":\"Status\",\"code\":400,\"message\":\"container not running\"}";
        serveOnce(socket -> {
            socket.getInputStream().readNBytes(0);
            socket.getOutputStream().write(("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        });
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(("GET /exec HTTP/1.1\r\nHost: api\r\nConnection: Upgrade\r\n"
                    + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = client.getInputStream();
            String head = head(in);
            assertTrue(head.startsWith("HTTP/1.1 400"), head);
            assertTrue(head.contains("Content-Type: application/json"), head);
            assertEquals(body, new String(in.readNBytes(body.length()), StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void aRefusedUpgradeIsAnsweredInTheCallersWordsWhenAsked() throws Exception {
        serveOnce(socket -> {
            // as Go's x/net/websocket refuses a protocol it does not speak: no length, then the connection ends
            socket.getOutputStream().write("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n\r\nno such protocol"
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        });
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(("GET /translated/exec HTTP/1.1\r\nHost: api\r\nConnection: Upgrade\r\n"
                    + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Protocol: v5.channel.k8s.io\r\nAuthorization: Bearer secret\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = client.getInputStream();
            String head = head(in);
            assertTrue(head.startsWith("HTTP/1.1 418"), head);
            String expected = "translated: 403|Forbidden|text/plain|no such protocol";
            assertEquals(expected, new String(in.readNBytes(expected.length()), StandardCharsets.UTF_8));
            String request = backendSaw.get(10, TimeUnit.SECONDS);
            assertTrue(request.contains("Sec-WebSocket-Protocol: v5.channel.k8s.io"), request);
            assertTrue(!request.contains("Authorization"), "the client's credentials stay with the proxy: " + request);
        }
    }

    @Test
    void aBackendThatIsNotThereLeavesTheAnswerToTheCaller() throws Exception {
        backend.close();
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(("POST /exec HTTP/1.1\r\nHost: api\r\nConnection: Upgrade\r\n"
                    + "Upgrade: SPDY/3.1\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String head = head(client.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 502"), head);
        }
    }

    private interface Conversation {
        void run(Socket socket) throws IOException;
    }

    private void serveOnce(Conversation conversation) {
        Thread t = new Thread(() -> {
            try (Socket socket = backend.accept()) {
                backendSaw.complete(head(socket.getInputStream()));
                conversation.run(socket);
            } catch (IOException e) {
                backendSaw.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
