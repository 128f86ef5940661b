package dev.orchestrator.client.internal;

import dev.orchestrator.api.http.LocalApiServer;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The in-memory connections of one client (one identity): kept open between requests as HTTP/1.1 keep-alive
 * connections are, one exchange at a time on each.
 */
final class LocalConnections implements AutoCloseable {

    /** Idle connections kept for reuse; more are closed when their exchange ends. */
    static final int MAX_IDLE = 32;

    private final LocalApiRoute route;
    private final X509Certificate[] clientChain;
    private final Executor readers;
    private final ScheduledExecutorService timeouts;
    private final ArrayDeque<LocalLink> idle = new ArrayDeque<>();
    private boolean closed;

    LocalConnections(LocalApiRoute route, X509Certificate[] clientChain, Executor readers,
                     ScheduledExecutorService timeouts) {
        this.route = route;
        this.clientChain = clientChain;
        this.readers = readers;
        this.timeouts = timeouts;
    }

    /**
     * Sends {@code request} in memory.
     *
     * @return the response to come, or null when it must go over the network (no in-process server now, another
     *         server, a connection refused)
     */
    CompletableFuture<HttpResponse<AsyncBody>> send(StandardHttpRequest request,
                                                    AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        CompletableFuture<HttpResponse<AsyncBody>> response = sendInMemory(request, consumer);
        route.sent(response != null);
        return response;
    }

    private CompletableFuture<HttpResponse<AsyncBody>> sendInMemory(StandardHttpRequest request,
                                                                    AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        LocalApiServer server = route.server();
        if (server == null || !route.serves(request.uri())) {
            return null;
        }
        LocalLink link = takeIdle(server);
        if (link != null) {
            LocalExchange exchange = new LocalExchange(request, consumer, link, readers, timeouts, this::release);
            if (exchange.start()) {
                return exchange.response();
            }
            // closed by the server while idle: a new connection below
        }
        try {
            link = LocalLink.open(server, clientChain);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        LocalExchange exchange = new LocalExchange(request, consumer, link, readers, timeouts, this::release);
        return exchange.start() ? exchange.response() : null;
    }

    /**
     * Opens a WebSocket for {@code request} in memory, on a connection of its own.
     *
     * @return the handshake's outcome to come, or null when it must go over the network
     */
    CompletableFuture<WebSocketResponse> openWebSocket(StandardHttpRequest request, String subprotocol,
                                                       WebSocket.Listener listener) {
        CompletableFuture<WebSocketResponse> opened = null;
        LocalApiServer server = route.server();
        if (server != null && route.serves(request.uri())) {
            try {
                opened = LocalWebSocket.open(request, subprotocol, listener, LocalLink.open(server, clientChain), readers);
            } catch (IOException | RuntimeException e) {
                opened = null;
            }
        }
        route.sent(opened != null);
        return opened;
    }

    /** Counts a request that had to go over the network (a WebSocket). */
    void sentOverNetwork() {
        route.sent(false);
    }

    private synchronized LocalLink takeIdle(LocalApiServer server) {
        LocalLink link;
        while ((link = idle.pollLast()) != null) {
            if (link.server() == server && link.isOpen()) {
                return link;
            }
            link.close();
        }
        return null;
    }

    /** Called when an exchange ended with its connection reusable. */
    private void release(LocalLink link) {
        synchronized (this) {
            if (!closed && idle.size() < MAX_IDLE && link.server() == route.server()) {
                link.idle();
                idle.addLast(link);
                return;
            }
        }
        link.close();
    }

    @Override
    public void close() {
        List<LocalLink> toClose;
        synchronized (this) {
            closed = true;
            toClose = List.copyOf(idle);
            idle.clear();
        }
        toClose.forEach(LocalLink::close);
    }
}
