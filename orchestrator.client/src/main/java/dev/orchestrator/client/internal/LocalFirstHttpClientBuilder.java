package dev.orchestrator.client.internal;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.StandardHttpClient;
import io.fabric8.kubernetes.client.http.StandardHttpClientBuilder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds {@link LocalFirstHttpClient}s: the network client with this builder's transport settings (timeouts, TLS,
 * proxy), beside the in-memory connections; interceptors (authentication, headers) stay with the outer client,
 * which applies them before either transport sees the request. Derived clients share both transports.
 */
final class LocalFirstHttpClientBuilder
        extends StandardHttpClientBuilder<LocalFirstHttpClient, LocalFirstHttpClientFactory, LocalFirstHttpClientBuilder> {

    LocalFirstHttpClientBuilder(LocalFirstHttpClientFactory factory) {
        super(factory);
    }

    @Override
    public LocalFirstHttpClient build() {
        if (client != null) {
            return new LocalFirstHttpClient(this, client.getClosed(), client.network(), client.local());
        }
        HttpClient.Builder network = clientFactory.network().newBuilder();
        if (connectTimeout != null) {
            network.connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (websocketPingInterval != null) {
            network.websocketPingInterval(websocketPingInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (keyManagers != null || trustManagers != null) {
            network.sslContext(keyManagers, trustManagers);
        }
        if (tlsVersions != null) {
            network.tlsVersions(tlsVersions);
        }
        if (tlsServerName != null) {
            network.tlsServerName(tlsServerName);
        }
        if (proxyAddress != null) {
            network.proxyAddress(proxyAddress);
            if (proxyType != null) {
                network.proxyType(proxyType);
            }
            if (proxyAuthorization != null) {
                network.proxyAuthorization(proxyAuthorization);
            }
        }
        if (followRedirects) {
            network.followAllRedirects();
        }
        if (preferHttp11) {
            network.preferHttp11();
        }
        LocalConnections local = clientFactory.route().connections(keyManagers);
        return new LocalFirstHttpClient(this, new AtomicBoolean(), (StandardHttpClient<?, ?, ?>) network.build(), local);
    }

    @Override
    protected LocalFirstHttpClientBuilder newInstance(LocalFirstHttpClientFactory factory) {
        return new LocalFirstHttpClientBuilder(factory);
    }
}
