package dev.orchestrator.client.internal;

import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.client.InformerSupervisor;
import dev.orchestrator.client.SharedInformers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One fabric8 client of the API (JDK HTTP or in memory, lenient decoding) with the informers shared over it and what keeps
 * them retrying; closing it ends every informer and watch opened through it. The OSGi component registers its
 * parts as services; outside a framework (the test kit) it is used as it is.
 */
public final class ClientAndInformers implements SharedInformers, AutoCloseable {

    /** The User-Agent of the process' own requests. */
    public static final String USER_AGENT = "orchestrator";

    private final KubernetesClient client;
    private final InformerCounters counters = new InformerCounters();
    private final BackoffInformerSupervisor supervisor = new BackoffInformerSupervisor(counters);
    private final ScheduledExecutorService timer;
    private final InformerHub hub;

    /**
     * @param linger how long an informer whose last subscriber left keeps running (a consumer coming back within
     *               it finds a warm cache)
     */
    public ClientAndInformers(String masterUrl, int requestTimeoutMillis, int connectionTimeoutMillis,
                              int maxConcurrentRequests, Duration linger) {
        this(new ConfigBuilder(Config.empty()).withMasterUrl(masterUrl).build(), requestTimeoutMillis,
                connectionTimeoutMillis, maxConcurrentRequests, linger);
    }

    /** @param base where the server is and how to authenticate to it (from a kubeconfig, say) */
    public ClientAndInformers(Config base, int requestTimeoutMillis, int connectionTimeoutMillis,
                              int maxConcurrentRequests, Duration linger) {
        this(base, requestTimeoutMillis, connectionTimeoutMillis, maxConcurrentRequests, linger, null);
    }

    /** @param route the way to this process's API server in memory, or null to use the network only */
    ClientAndInformers(Config base, int requestTimeoutMillis, int connectionTimeoutMillis,
                       int maxConcurrentRequests, Duration linger, LocalApiRoute route) {
        this.client = newClient(base, requestTimeoutMillis, connectionTimeoutMillis, maxConcurrentRequests, counters,
                route);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "orch-shared-informers");
            thread.setDaemon(true);
            return thread;
        });
        this.hub = new InformerHub(client, supervisor, timer, linger);
    }

    /**
     * A client as this class builds its own (JDK HTTP, or in memory where {@code route} leads to this process's API
     * server; lenient decoding counted by {@code counters}), without informers.
     */
    static KubernetesClient newClient(Config base, int requestTimeoutMillis, int connectionTimeoutMillis,
                                      int maxConcurrentRequests, InformerCounters counters, LocalApiRoute route) {
        Config config = new ConfigBuilder(base)
                // names the components' writes in managedFields ("orchestrator"), as kube-scheduler's do there
                .withUserAgent(USER_AGENT)
                .withRequestTimeout(requestTimeoutMillis)
                .withConnectionTimeout(connectionTimeoutMillis)
                .withMaxConcurrentRequests(maxConcurrentRequests)
                .withMaxConcurrentRequestsPerHost(maxConcurrentRequests)
                // over the network HTTP streams, not the WebSocket fabric8 asks for first: over the JDK's WebSocket
                // it takes one event per request(1), and the shared pod informer fell seconds behind a burst of
                // creates (bench/scheduler, BENCHMARKS.md); in memory a WebSocket (LocalFirstHttpClient), as fabric8
                // reads an HTTP stream one character at a time
                .withOnlyHttpWatches(route == null)
                .build();
        // the factory is given: fabric8 looks factories up with ServiceLoader through the thread context class
        // loader, which finds nothing under DS
        return new KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(route == null ? new JdkHttpClientFactory() : new LocalFirstHttpClientFactory(route))
                .withKubernetesSerialization(new ComponentSerialization(counters::decodeError)).build();
    }

    public KubernetesClient client() {
        return client;
    }

    InformerSupervisor supervisor() {
        return supervisor;
    }

    MetricSource counters() {
        return counters;
    }

    InformerHub hub() {
        return hub;
    }

    @Override
    public <T extends HasMetadata> Subscription<T> subscribe(Class<T> kind) {
        return hub.subscribe(kind);
    }

    @Override
    public void close() {
        hub.close();
        timer.shutdownNow();
        client.close();
    }
}
