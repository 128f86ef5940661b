package dev.orchestrator.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-memory connector on a real Jetty server, read and written as the client in this process does. */
class InProcessConnectorTest {

    private Server server;
    private InProcessConnector connector;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private void start(Handler handler) throws Exception {
        server = new Server();
        connector = new InProcessConnector(server, 65536);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
    }

    @Test
    void requestsAndResponsesGoThroughMemoryOneAfterAnotherOnOneConnection() throws Exception {
        start(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request);
                Content.Sink.write(response, true, request.getMethod() + " " + request.getHttpURI().getPathQuery()
                        + " from " + Request.getRemoteAddr(request) + ": " + body, callback);
                return true;
            }
        });
        InProcessEndPoint connection = connector.open(null, () -> { });

        connection.write(ascii("GET /api/v1/pods?watch=false HTTP/1.1\r\nHost: local\r\n\r\n"));
        String first = readResponse(connection);
        connection.write(ascii("POST /api/v1/namespaces HTTP/1.1\r\nHost: local\r\nContent-Length: 2\r\n\r\n{}"));
        String second = readResponse(connection);

        assertTrue(first.startsWith("HTTP/1.1 200"), first);
        assertTrue(first.endsWith("GET /api/v1/pods?watch=false from 127.0.0.1: "), first);
        assertTrue(second.endsWith("POST /api/v1/namespaces from 127.0.0.1: {}"), second);
        assertEquals(1, connector.getConnectedEndPoints().size());
    }

    @Test
    void theClientCertificateReachesTheRequestAsATlsHandshakesWould(@TempDir Path dir) throws Exception {
        X509Certificate certificate = selfSigned(dir);
        AtomicReference<X509Certificate[]> seen = new AtomicReference<>();
        start(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls) {
                    seen.set(tls.peerCertificates());
                }
                Content.Sink.write(response, true, "ok", callback);
                return true;
            }
        });
        InProcessEndPoint connection = connector.open(new X509Certificate[] {certificate}, () -> { });
        connection.write(ascii("GET /version HTTP/1.1\r\nHost: local\r\n\r\n"));
        readResponse(connection);

        assertArrayEquals(new X509Certificate[] {certificate}, seen.get());
    }

    @Test
    void aClientThatDoesNotReadHoldsTheServersWriterBackUntilItDoes() throws Exception {
        int total = 4 * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        start(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                response.getHeaders().put("Content-Length", total);
                try (OutputStream out = Content.Sink.asOutputStream(response)) {
                    byte[] piece = new byte[16 * 1024];
                    for (int sent = 0; sent < total; sent += piece.length) {
                        out.write(piece);
                        written.addAndGet(piece.length);
                    }
                }
                callback.succeeded();
                return true;
            }
        });
        InProcessEndPoint connection = connector.open(null, () -> { });
        connection.write(ascii("GET /big HTTP/1.1\r\nHost: local\r\n\r\n"));

        // the writer fills the connection's buffer (and Jetty's own) and then waits for the reader
        Eventually.until("the server's write to wait for the reader", 10, () -> connection.getWriteFlusher().isPending());
        assertTrue(written.get() < total / 2, "the writer went on without a reader: " + written.get());

        ByteArrayOutputStream response = new ByteArrayOutputStream();
        Eventually.until("the whole response read", 60, () -> {
            for (ByteBuffer read = connection.read(); read != null && read.hasRemaining(); read = connection.read()) {
                response.write(read.array(), read.arrayOffset() + read.position(), read.remaining());
            }
            return response.size();
        }, size -> size >= total
                && size >= response.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4 + total);
        int headLength = response.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
        assertEquals(headLength + total, response.size(), "bytes read");
        assertEquals(total, written.get());
    }

    @Test
    void stoppingTheConnectorClosesItsConnectionsAndRefusesNewOnes() throws Exception {
        start(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Content.Sink.write(response, true, "ok", callback);
                return true;
            }
        });
        InProcessEndPoint connection = connector.open(null, () -> { });
        connection.write(ascii("GET / HTTP/1.1\r\nHost: local\r\n\r\n"));
        readResponse(connection);

        connector.stop();

        assertNull(connection.read());
        assertThrows(IOException.class, () -> connection.write(ascii("GET / HTTP/1.1\r\nHost: local\r\n\r\n")));
        assertThrows(IOException.class, () -> connector.open(null, () -> { }));
    }

    /** Reads one response with a Content-Length body (what Jetty writes for these handlers). */
    private static String readResponse(InProcessEndPoint connection) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        return Eventually.until("a whole response", 10, () -> {
            ByteBuffer read = connection.read();
            if (read != null) {
                bytes.write(read.array(), read.arrayOffset() + read.position(), read.remaining());
            }
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }, InProcessConnectorTest::complete);
    }

    private static boolean complete(String response) {
        int end = response.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : response.substring(0, end).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return response.length() - end - 4 >= Integer.parseInt(line.substring(15).trim());
            }
        }
        return false;
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A certificate as a client's kubeconfig would hold, made by the JDK's keytool. */
    private static X509Certificate selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("client.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "client", "-keyalg", "EC", "-dname", "CN=system:kube-scheduler",
                "-validity", "1", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "secret")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), output);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "secret".toCharArray());
        }
        return (X509Certificate) keys.getCertificate("client");
    }
}
