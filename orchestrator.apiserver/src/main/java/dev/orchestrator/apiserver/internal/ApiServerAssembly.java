package dev.orchestrator.apiserver.internal;

import dev.orchestrator.apiserver.internal.kubeletclient.KubeletTransport;
import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.apiserver.internal.admission.AdmissionChain;
import dev.orchestrator.apiserver.internal.auth.BootstrapTokens;
import dev.orchestrator.apiserver.internal.auth.ObjectUids;
import dev.orchestrator.apiserver.internal.auth.ServiceAccountTokens;
import dev.orchestrator.apiserver.internal.authz.NodeAuthorizer;
import dev.orchestrator.apiserver.internal.authz.RbacAuthorizer;
import dev.orchestrator.apiserver.internal.authz.RequestAttributes;
import dev.orchestrator.apiserver.internal.authz.RbacIndex;
import dev.orchestrator.apiserver.internal.metrics.SummaryCache;
import dev.orchestrator.apiserver.internal.monitoring.ApiServerMetrics;
import dev.orchestrator.apiserver.internal.monitoring.RequestMetrics;
import dev.orchestrator.apiserver.internal.monitoring.TimedStore;
import dev.orchestrator.apiserver.internal.monitoring.WatchCacheEvents;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's parts on one store, put together: the servlet that serves the Kubernetes API and what it needs
 * (registry, storage, write path, watch cache, metrics readings, the custom resources of the stored CRDs), the defaults bootstrapped. The OSGi component
 * registers its servlet on the HTTP whiteboard; the test kit serves it in-process on its own HTTP server.
 */
public final class ApiServerAssembly implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServerAssembly.class);
    private static final long ADVERTISE_SECONDS = 10;

    private final ApiServlet servlet;
    private final WatchCache watchCache;
    private final CustomResourceDefinitions customResources;
    private final SummaryCache summaries;
    private final ObjectStorage storage;
    private final RbacFeed rbacFeed;
    private final BootstrapTokens bootstrapTokens = new BootstrapTokens();
    private final BootstrapTokenFeed bootstrapTokenFeed;
    private final ScheduledExecutorService watchTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "orch-apiserver-watch-timer");
        t.setDaemon(true);
        return t;
    });

    private final ResourceRegistry registry;
    private final AdmissionChain admission;
    private final ApiServerMetrics metricSource;
    private final RequestAuthorization authorization;
    private final ObjectWrites writes;

    /** @param serviceAccountTokens signs the tokens of the ServiceAccounts' {@code token} subresource */
    public ApiServerAssembly(Store store, ApiServerConfig config, ServiceAccountTokens serviceAccountTokens) {
        this(store, config, serviceAccountTokens, false, KubeletTransport.plain());
    }

    /**
     * @param mountServiceAccountTokens whether new pods get their service account's token mounted: the API
     *                                  authenticates the tokens (a cluster with its PKI)
     * @param kubelets                  how logs, exec and stats reach the kubelets
     */
    public ApiServerAssembly(Store store, ApiServerConfig config, ServiceAccountTokens serviceAccountTokens,
                             boolean mountServiceAccountTokens, KubeletTransport kubelets) {
        this(new TimedStore(store, System::nanoTime), config, serviceAccountTokens, mountServiceAccountTokens, kubelets);
    }

    /** Every store call of the API server goes through {@code store}, which times it for the metrics. */
    private ApiServerAssembly(TimedStore store, ApiServerConfig config, ServiceAccountTokens serviceAccountTokens,
                              boolean mountServiceAccountTokens, KubeletTransport kubelets) {
        // CSRs record who asked: the user of the request, known once authorization is built below
        java.util.concurrent.atomic.AtomicReference<RequestAuthorization> requests = new java.util.concurrent.atomic.AtomicReference<>();
        this.registry = new ResourceRegistry(() -> requests.get() == null ? java.util.Optional.empty()
                : requests.get().writer());
        this.storage = new ObjectStorage(store);
        Allocations allocations = new Allocations(store, config.serviceCidr(), config.nodePortMin(), config.nodePortMax());
        Schemas schemas = new Schemas(registry);
        TypedDecoding typed = new TypedDecoding(schemas);
        this.admission = BuiltInPlugins.chain(storage, registry,
                new DefaultTolerationSeconds(config.defaultNotReadyTolerationSeconds(),
                        config.defaultUnreachableTolerationSeconds()),
                mountServiceAccountTokens, java.util.Set.of(config.disabledAdmissionPlugins()));
        this.writes = new ObjectWrites(storage, registry, allocations, typed, new FieldValidation(schemas),
                admission);
        new Bootstrap(registry, storage, writes, allocations).ensureDefaults();
        new RbacBootstrap(registry, storage, writes).ensureDefaults();
        // the custom resources of the stored CRDs, kept current from a watch of the CRD keys
        this.customResources = new CustomResourceDefinitions(store, storage, registry, writes);
        registry.onCustomRefresh(customResources::refresh);
        customResources.start();
        // A deleted namespace stays Terminating while spec.finalizers holds "kubernetes": the
        // namespace controller (orchestrator.controllers) deletes its content, then finalizes it.
        WatchCacheEvents watchCacheEvents = new WatchCacheEvents();
        this.watchCache = new WatchCache(store, config.watchCacheEvents(), watchCacheEvents);
        // RBAC decides from an index of the roles and bindings that the watch cache keeps current
        RbacIndex rbacIndex = new RbacIndex();
        this.rbacFeed = new RbacFeed(storage, watchCache, registry, rbacIndex);
        rbacFeed.start();
        // bootstrap tokens authenticate from the Secrets the same watch cache keeps current
        this.bootstrapTokenFeed = new BootstrapTokenFeed(storage, watchCache, registry, bootstrapTokens);
        bootstrapTokenFeed.start();
        RbacAuthorizer rbac = new RbacAuthorizer(rbacIndex);
        // kubelets get what their pods use from the node authorizer, the rest from RBAC
        NodeAuthorizer authorizer = new NodeAuthorizer(new PodReferences(storage, registry), rbac);
        RequestAuthorization authorization = new RequestAuthorization(authorizer, registry,
                new AccessReviews(authorizer, rbac));
        requests.set(authorization);
        this.authorization = authorization;
        writes.guardWith(new RbacEscalation(rbac, rbac, storage, registry, authorization::writer));
        writes.identifyWritersBy(authorization::writer);
        this.summaries = new SummaryCache(Duration.ofMillis(Math.max(0, config.metricsCacheMillis())),
                Duration.ofMillis(Math.max(1, config.metricsFetchTimeoutMillis())),
                Math.max(1, config.metricsFetchParallelism()), Clock.systemUTC(), kubelets);
        MetricsReadings metrics = new MetricsReadings(storage, registry, summaries,
                Duration.ofSeconds(Math.max(1, config.metricsWindowSeconds())), Clock.systemUTC());
        RequestMetrics requestMetrics = new RequestMetrics(System::nanoTime);
        this.metricSource = new ApiServerMetrics(requestMetrics, store, watchCacheEvents);
        this.servlet = new ApiServlet(registry, schemas, typed, storage, writes, watchCache,
                new InflightLimiter(config.maxInflightPerClient()), watchTimer, config.maxBodyBytes(), config.maxWatches(),
                config.kubernetesVersion(), metrics, serviceAccountTokens, authorization, kubelets, requestMetrics);
    }

    /** The admission plugins in force; plugin bundles' services are added and removed here. */
    public AdmissionChain admission() {
        return admission;
    }

    /** TokenReviews answer with the server's token authentication (none without its PKI). */
    public void authenticateTokensWith(dev.orchestrator.apiserver.internal.auth.TokenAuthenticator tokens) {
        servlet.authenticateTokensWith(tokens);
    }

    /**
     * The API server's metrics (requests, store calls, watch cache), for the metrics endpoint: register it as a
     * {@link dev.orchestrator.api.metrics.MetricSource} service.
     */
    public MetricSource metrics() {
        return metricSource;
    }

    /**
     * A filter that authorizes requests for paths other bundles serve beside the API (the metrics endpoint) with the
     * API's authorizer, as non-resource URLs ({@link NonResourceAuthorization}); for a server with authentication.
     */
    public jakarta.servlet.Filter nonResourceAuthorization() {
        return new NonResourceAuthorization(authorization);
    }

    /** The servlet of the whole API; it needs async support (watches). */
    public HttpServlet servlet() {
        return servlet;
    }

    /**
     * Publishes {@code address:port}, where this server serves beyond loopback, as an endpoint of the
     * {@code kubernetes} Service, renewed every {@value #ADVERTISE_SECONDS} s ({@link ApiServerEndpoints}).
     */
    public void advertise(String address, int port) {
        ApiServerEndpoints published = new ApiServerEndpoints(storage, writes, registry, address, port, Clock.systemUTC());
        watchTimer.scheduleWithFixedDelay(() -> {
            try {
                published.reconcile();
            } catch (RuntimeException e) {
                LOG.warn("the kubernetes Service's endpoints were not brought to {}:{}: {}", address, port, e.toString());
            }
        }, 0, ADVERTISE_SECONDS, TimeUnit.SECONDS);
    }

    /** What a request asks (verb, resource, namespace, name), as authorization and the audit log read it. */
    public java.util.function.Function<jakarta.servlet.http.HttpServletRequest, RequestAttributes> requestAttributes() {
        return request -> RequestAttributesOf.kept(QueryOnlyRequest.of(request), registry);
    }

    /** Who is stored now, for the revocation of bound ServiceAccount tokens. */
    public ObjectUids objectUids() {
        return (kind, namespace, name) -> {
            String plural = switch (kind) {
                case "ServiceAccount" -> "serviceaccounts";
                case "Pod" -> "pods";
                case "Secret" -> "secrets";
                default -> throw new IllegalArgumentException("no uid lookup for " + kind);
            };
            return storage.get(registry.find("", "v1", plural).orElseThrow(), namespace, name)
                    .map(o -> o.path("metadata").path("uid").asText()).orElse(null);
        };
    }

    /** The bootstrap tokens of kube-system's Secrets, kept current while the assembly runs. */
    public BootstrapTokens bootstrapTokens() {
        return bootstrapTokens;
    }

    long currentRevision() {
        return storage.currentRevision();
    }

    /** Lets requests in progress finish (up to 5 s), then stops the watch cache and timers. */
    @Override
    public void close() {
        try {
            servlet.awaitIdle(5_000); // let requests in progress finish before the classes go
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rbacFeed.close();
        bootstrapTokenFeed.close();
        watchCache.close();
        customResources.close();
        summaries.close();
        watchTimer.shutdownNow();
    }
}
