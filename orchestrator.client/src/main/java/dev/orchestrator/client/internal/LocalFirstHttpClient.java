package dev.orchestrator.client.internal;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpClient;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.fabric8.kubernetes.client.http.StandardWebSocketBuilder;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fabric8 HTTP client that sends each request to this process's API server in memory when it can
 * ({@link LocalConnections}) and over the network otherwise: before the in-process listener is there, while the HTTP
 * bundle is being updated, for another server, and for WebSockets.
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

    @Override
    public CompletableFuture<WebSocketResponse> buildWebSocketDirect(StandardWebSocketBuilder builder,
                                                                     WebSocket.Listener listener) {
        local.sentOverNetwork();
        return network.buildWebSocketDirect(builder, listener);
    }

    @Override
    protected void doClose() {
        local.close();
        network.close();
    }
}
