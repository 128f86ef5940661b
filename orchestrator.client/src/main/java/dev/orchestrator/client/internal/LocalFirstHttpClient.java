package dev.orchestrator.client.internal;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpClient;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.fabric8.kubernetes.client.http.StandardWebSocketBuilder;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import io.fabric8.kubernetes.client.http.WebSocketResponse;
import io.fabric8.kubernetes.client.http.WebSocketUpgradeResponse;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fabric8 HTTP client that sends each request to this process's API server in memory when it can
 * ({@link LocalConnections}) and over the network otherwise: before the in-process listener is there, while the HTTP
 * bundle is being updated, for another server, and for WebSockets other than a watch's.
 */
final class LocalFirstHttpClient
        extends StandardHttpClient<LocalFirstHttpClient, LocalFirstHttpClientFactory, LocalFirstHttpClientBuilder> {

    private final StandardHttpClient<?, ?, ?> network;
    private final LocalConnections local;

    LocalFirstHttpClient(LocalFirstHttpClientBuilder builder, AtomicBoolean closed, StandardHttpClient<?, ?, ?> network,
                         LocalConnections local) {
        super(builder, closed);
        this.network = network;
        this.local = local;
    }

    StandardHttpClient<?, ?, ?> network() {
        return network;
    }

    LocalConnections local() {
        return local;
    }

    @Override
    public CompletableFuture<HttpResponse<AsyncBody>> consumeBytesDirect(StandardHttpRequest request,
                                                                         AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        CompletableFuture<HttpResponse<AsyncBody>> inMemory = local.send(request, consumer);
        return inMemory != null ? inMemory : network.consumeBytesDirect(request, consumer);
    }

    /**
     * A watch's WebSocket is opened in memory; where that cannot be, the handshake is answered {@code 200} as a
     * server without WebSockets would, and fabric8 watches over an HTTP stream instead (over the network the JDK's
     * WebSocket takes one event per round of demand, and the shared pod informer fell seconds behind a burst of
     * creates). Other WebSockets (exec, attach, port-forward) go over the network.
     */
    @Override
    public CompletableFuture<WebSocketResponse> buildWebSocketDirect(StandardWebSocketBuilder builder,
                                                                     WebSocket.Listener listener) {
        StandardHttpRequest request = builder.asHttpRequest();
        if (isWatch(request.uri())) {
            CompletableFuture<WebSocketResponse> inMemory = local.openWebSocket(request, builder.getSubprotocol(),
                    listener);
            if (inMemory != null) {
                return inMemory;
            }
            WebSocketUpgradeResponse noWebSocket = new WebSocketUpgradeResponse(request, 200);
            return CompletableFuture.completedFuture(
                    new WebSocketResponse(noWebSocket, new WebSocketHandshakeException(noWebSocket)));
        }
        local.sentOverNetwork();
        return network.buildWebSocketDirect(builder, listener);
    }

    static boolean isWatch(URI uri) {
        String query = uri.getRawQuery();
        if (query == null) {
            return false;
        }
        for (String parameter : query.split("&")) {
            if (parameter.equals("watch=true") || parameter.equals("watch=1")) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void doClose() {
        local.close();
        network.close();
    }
}
