package dev.orchestrator.client.internal;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

/**
 * fabric8's HTTP client for the components of the process that runs the API server: requests go through memory
 * ({@link LocalApiRoute}) while the in-process listener is there, over the JDK's HTTP client otherwise (and always
 * for WebSockets).
 */
final class LocalFirstHttpClientFactory implements HttpClient.Factory {

    private final HttpClient.Factory network = new JdkHttpClientFactory();
    private final LocalApiRoute route;

    LocalFirstHttpClientFactory(LocalApiRoute route) {
        this.route = route;
    }

    HttpClient.Factory network() {
        return network;
    }

    LocalApiRoute route() {
        return route;
    }

    @Override
    public LocalFirstHttpClientBuilder newBuilder() {
        return new LocalFirstHttpClientBuilder(this);
    }
}
