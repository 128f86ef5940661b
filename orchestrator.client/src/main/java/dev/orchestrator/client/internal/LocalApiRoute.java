package dev.orchestrator.client.internal;

import dev.orchestrator.api.http.LocalApiServer;
import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.api.metrics.Sample;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * The way to this process's own API server in memory, for the clients of one {@link KubernetesClientComponent}: the
 * {@link LocalApiServer} service while it is registered, and the threads that read its responses. Only requests to
 * the process's own port take it.
 */
final class LocalApiRoute implements MetricSource, AutoCloseable {

    static final String REQUESTS = "orchestrator_api_client_requests_total";

    private static final String[] KEY_TYPES = {"RSA", "EC", "EdDSA", "Ed25519"};

    private final int ownPort;
    private volatile LocalApiServer server;
    private final ExecutorService readers = Executors.newCachedThreadPool(named("orch-local-api"));
    private final ScheduledThreadPoolExecutor timeouts = new ScheduledThreadPoolExecutor(1, named("orch-local-api-timeouts"));
    private final LongAdder inProcess = new LongAdder();
    private final LongAdder overNetwork = new LongAdder();

    LocalApiRoute(int ownPort) {
        this.ownPort = ownPort;
        // every request's timeout is cancelled when its answer comes, most within milliseconds of a 30 s deadline
        timeouts.setRemoveOnCancelPolicy(true);
    }

    void server(LocalApiServer current) {
        server = current;
    }

    /** The server now, or null while there is none. */
    LocalApiServer server() {
        return server;
    }

    void sent(boolean inMemory) {
        (inMemory ? inProcess : overNetwork).increment();
    }

    @Override
    public List<Metric> metrics() {
        return List.of(Metric.counter(REQUESTS, "Requests of this process's components to its own API server, by "
                + "transport: in memory (in-process), or over the network while the in-process listener is away and "
                + "for WebSockets (network).", List.of(Sample.of("transport", "in-process", inProcess.sum()),
                Sample.of("transport", "network", overNetwork.sum()))));
    }

    boolean serves(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return port == ownPort;
    }

    /** Connections presenting the client certificate of {@code keyManagers} (none without one). */
    LocalConnections connections(KeyManager[] keyManagers) {
        return new LocalConnections(this, clientChain(keyManagers), readers, timeouts);
    }

    static X509Certificate[] clientChain(KeyManager[] keyManagers) {
        if (keyManagers == null) {
            return null;
        }
        for (KeyManager manager : keyManagers) {
            if (manager instanceof X509KeyManager x509) {
                String alias = x509.chooseClientAlias(KEY_TYPES, null, null);
                X509Certificate[] chain = alias == null ? null : x509.getCertificateChain(alias);
                if (chain != null && chain.length > 0) {
                    return chain;
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        server = null;
        timeouts.shutdownNow();
        readers.shutdown();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
