package dev.orchestrator.apiserver.internal.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server answering {@code GET /stats/summary} with a set document (or a set status, or after a
 * delay), counting requests: a kubelet's Summary API endpoint for tests of what reads it.
 */
public final class SummaryServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String body = "{}";
    private volatile int status = 200;
    private volatile long delayMillis;

    public SummaryServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/stats/summary", exchange -> {
            requests.incrementAndGet();
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException clientGone) {
                // the reader timed out and closed its end
            }
        });
        server.start();
    }

    public SummaryServer answer(String json) {
        this.body = json;
        this.status = 200;
        return this;
    }

    public SummaryServer fail(int code) {
        this.status = code;
        this.body = "no";
        return this;
    }

    public SummaryServer delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** The kubelet's host:port, as node objects publish it. */
    public String authority() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
