package dev.orchestrator.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApiServerBalancerTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Map<ServerSocket, Thread> acceptors = new HashMap<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** A server that answers each connection with its name and echoes what it gets after it. */
    private ServerSocket namedServer(String name) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(server);
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    OutputStream out = s.getOutputStream();
                    out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
                    s.getInputStream().transferTo(out);
                } catch (IOException closed) {
                    // next connection, or the server is closed
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        acceptors.put(server, thread);
        return server;
    }

    /**
     * Closes a server and waits until its thread has left {@code accept}: until then the kernel keeps the listening
     * socket open (the JDK only signals the blocked thread), and a connection arriving meanwhile was still accepted
     * and answered by the closed server.
     */
    private void stop(ServerSocket server) throws Exception {
        server.close();
        Thread acceptor = acceptors.get(server);
        acceptor.join(10_000);
        assertFalse(acceptor.isAlive(), "the server's thread ended");
    }

    private static URI uri(ServerSocket server) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private static String firstLine(ApiServerBalancer balancer) throws IOException {
        URI local = URI.create(balancer.url("http"));
        try (Socket s = new Socket(local.getHost(), local.getPort())) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    @Test
    void staysOnOneServerAndMovesToTheNextWhenItIsGone() throws Exception {
        ServerSocket first = namedServer("first");
        ServerSocket second = namedServer("second");
        ApiServerBalancer balancer = ApiServerBalancer.start(List.of(uri(first), uri(second)), 2_000);
        toClose.add(balancer);

        assertEquals("first", firstLine(balancer));
        assertEquals("first", firstLine(balancer));
        stop(first);
        assertEquals("second", firstLine(balancer));
        assertEquals("second", firstLine(balancer));
    }

    @Test
    void carriesBytesBothWays() throws Exception {
        ServerSocket only = namedServer("only");
        ApiServerBalancer balancer = ApiServerBalancer.start(List.of(uri(only), uri(only)), 2_000);
        toClose.add(balancer);
        URI local = URI.create(balancer.url("http"));
        try (Socket s = new Socket(local.getHost(), local.getPort())) {
            s.setSoTimeout(10_000);
            byte[] payload = new byte[200_000];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) i;
            }
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(payload);
                    s.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            byte[] got = s.getInputStream().readAllBytes();
            writer.join();
            assertEquals("only\n".length() + payload.length, got.length);
            for (int i = 0; i < payload.length; i++) {
                assertEquals(payload[i], got["only\n".length() + i], "byte " + i);
            }
        }
    }

    @Test
    void closesTheConnectionWhenNoServerAccepts() throws Exception {
        ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        URI goneUri = uri(gone);
        gone.close();
        ApiServerBalancer balancer = ApiServerBalancer.start(List.of(goneUri, goneUri), 1_000);
        toClose.add(balancer);
        assertEquals("", firstLine(balancer));
    }

    @Test
    void refusesListsItCannotBalance() {
        assertEquals(2, KubernetesClientComponent.servers("https://10.0.0.1:6443, https://10.0.0.2:6443").size());
        assertEquals(1, KubernetesClientComponent.servers("http://127.0.0.1:6443").size());
        assertThrows(IllegalStateException.class,
                () -> KubernetesClientComponent.servers("http://127.0.0.1:1,https://127.0.0.1:2"));
        assertThrows(IllegalStateException.class, () -> KubernetesClientComponent.servers("127.0.0.1:6443"));
    }
}
