package dev.orchestrator.client.internal;

import dev.orchestrator.api.http.LocalApiServer;
import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.client.ClientIdentity;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.client.InformerSupervisor;
import dev.orchestrator.client.SharedInformers;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one fabric8 {@link KubernetesClient} for this process ({@link ClientAndInformers}) and registers it
 * as a service. Closing the client on deactivation ends every informer and watch that components opened
 * through it, so an update of this bundle leaves no connection behind.
 *
 * <p>The store may hold objects a client cannot decode (data restored from an older version, a
 * bug): the client decodes with {@link LenientSerialization}, which skips such objects in lists
 * and watches, and beside it this component registers the {@link InformerSupervisor} that keeps
 * informers of this client retrying, and a {@link MetricSource} counting both.
 */
// Registered by hand (they share the client's life), so bnd cannot see them: declared for the resolver.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=dev.orchestrator.client.InformerSupervisor",
        uses = InformerSupervisor.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=dev.orchestrator.api.metrics.MetricSource",
        uses = MetricSource.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=dev.orchestrator.client.SharedInformers",
        uses = SharedInformers.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=dev.orchestrator.client.ControllerClients",
        uses = ControllerClients.class)
@Component(name = "orchestrator.client", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ClientConfig.class)
public final class KubernetesClientComponent {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesClientComponent.class);
    static final String KUBECONFIG_PROPERTY = "orchestrator.client.kubeconfig";

    /** The launch property naming the kubeconfigs of components that authenticate as themselves. */
    static final String IDENTITIES_PROPERTY = "orchestrator.client.identities";

    /** The identity whose client requests the controllers' account tokens ({@link ControllerClients}). */
    private static final String CONTROLLER_MANAGER = "controllers";

    /** One client with its informer services, as registered. */
    private record Published(ClientAndInformers api, List<ServiceRegistration<?>> registrations) {
        void close() {
            for (int i = registrations.size() - 1; i >= 0; i--) {
                registrations.get(i).unregister();
            }
            api.close();
        }
    }

    private final List<Published> published = new ArrayList<>();
    private ApiServerBalancer balancer;
    /** The way to this process's own API server in memory; null when the clients talk to another (masterUrl). */
    private final LocalApiRoute route;

    @Activate
    public KubernetesClientComponent(BundleContext context, ClientConfig config) {
        route = config.masterUrl().isBlank() && config.inProcessRequests() ? new LocalApiRoute(ownPort(context)) : null;
        try {
            String masterUrl = masterUrlThroughBalancer(config);
            // the components' own clients first: a component that asks for its identity never binds the shared one
            // only to be restarted when its own appears
            Map<String, String> identities = identities(context.getProperty(IDENTITIES_PROPERTY));
            Published controllerManager = null;
            Config controllerManagerConfig = null;
            for (Map.Entry<String, String> identity : identities.entrySet()) {
                Hashtable<String, Object> properties = new Hashtable<>();
                properties.put(ClientIdentity.PROPERTY, identity.getKey());
                // below the shared client: a reference without a target keeps getting the shared one
                properties.put(Constants.SERVICE_RANKING, -1);
                Config base = fromKubeconfig(identity.getValue(), IDENTITIES_PROPERTY, masterUrl);
                Published client = publish(context, config, base, properties, "identity " + identity.getKey(), route);
                published.add(client);
                if (CONTROLLER_MANAGER.equals(identity.getKey())) {
                    controllerManager = client;
                    controllerManagerConfig = base;
                }
            }
            // the shared client stands in for every known identity that has no client of its own
            List<String> standsFor = new ArrayList<>(List.of(ClientIdentity.SHARED_NAME));
            ClientIdentity.NAMES.stream().filter(n -> !identities.containsKey(n)).forEach(standsFor::add);
            Hashtable<String, Object> shared = new Hashtable<>();
            shared.put(ClientIdentity.PROPERTY, standsFor.toArray(String[]::new));
            Published sharedClient = publish(context, config, serverConfig(context, masterUrl), shared, "shared", route);
            published.add(sharedClient);
            if (route != null) {
                sharedClient.registrations().add(context.registerService(MetricSource.class, route, null));
            }
            // last, so it leaves first: the accounts' clients close before the client that renews their tokens
            sharedClient.registrations().add(context.registerService(ControllerClients.class.getName(),
                    controllerManager == null
                            ? BundleControllerClients.sharedOnly(sharedClient.api().client())
                            : BundleControllerClients.perAccount(accountClients(controllerManagerConfig,
                                    controllerManager.api().client(), config, route)), null));
        } catch (RuntimeException e) {
            deactivate();
            throw e;
        }
    }

    /**
     * Clients acting as ServiceAccounts of {@link ControllerClients#NAMESPACE}: the controller manager's server and
     * CA, without its client certificate (which the API server would authenticate first), and the account's token.
     */
    private static java.util.function.Function<String, KubernetesClient> accountClients(
            Config controllerManager, KubernetesClient manager, ClientConfig config, LocalApiRoute route) {
        return account -> ClientAndInformers.newClient(new ConfigBuilder(controllerManager)
                        .withClientCertData(null).withClientCertFile(null)
                        .withClientKeyData(null).withClientKeyFile(null)
                        .withOauthTokenProvider(AccountTokens.of(manager, ControllerClients.NAMESPACE, account))
                        .build(), config.requestTimeoutMillis(), config.connectionTimeoutMillis(),
                config.maxConcurrentRequests(), new InformerCounters(), route);
    }

    private static Published publish(BundleContext context, ClientConfig config, Config base,
                                     Hashtable<String, Object> properties, String role, LocalApiRoute route) {
        ClientAndInformers api = new ClientAndInformers(base, config.requestTimeoutMillis(),
                config.connectionTimeoutMillis(), config.maxConcurrentRequests(),
                Duration.ofSeconds(Math.max(0, config.sharedInformerLingerSeconds())), route);
        List<ServiceRegistration<?>> registrations = new ArrayList<>();
        registrations.add(context.registerService(KubernetesClient.class, api.client(), properties));
        registrations.add(context.registerService(InformerSupervisor.class, api.supervisor(), properties));
        // a factory: each bundle gets a view that closes what it left open when it stops using the service
        registrations.add(context.registerService(SharedInformers.class.getName(),
                BundleSharedInformers.factory(api.hub()), properties));
        if (properties.get(Constants.SERVICE_RANKING) == null) {
            // the shared client's counters; the identities' clients hold few informers and count nothing apart
            registrations.add(context.registerService(MetricSource.class, api.counters(), null));
        }
        LOG.info("API client ready ({}) masterUrl={} user={}", role, base.getMasterUrl(),
                base.getCurrentContext() == null ? "none (no kubeconfig)" : base.getCurrentContext().getContext().getUser());
        return new Published(api, registrations);
    }

    /**
     * The configured masterUrl; with several API servers (a comma-separated list) the URL of a balancer over
     * them, which this component starts and stops with its clients.
     */
    private String masterUrlThroughBalancer(ClientConfig config) {
        List<URI> servers = servers(config.masterUrl());
        if (servers.size() < 2) {
            return servers.isEmpty() ? "" : servers.get(0).toString();
        }
        try {
            // another server is there to try: waiting the whole connection timeout on a silent one only delays
            balancer = ApiServerBalancer.start(servers, Math.min(config.connectionTimeoutMillis(), 3_000));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the local balancer over " + servers + ": " + e.getMessage(), e);
        }
        return balancer.url(servers.get(0).getScheme());
    }

    /** The API servers of masterUrl: one URL, or several separated by commas, all http or all https. */
    static List<URI> servers(String masterUrl) {
        List<URI> servers = new ArrayList<>();
        for (String url : masterUrl.split(",")) {
            if (url.isBlank()) {
                continue;
            }
            URI uri;
            try {
                uri = new URI(url.trim());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException("masterUrl holds '" + url.trim() + "', not a URL: " + e.getMessage(), e);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalStateException("masterUrl holds '" + url.trim() + "': an API server is "
                        + "http://HOST:PORT or https://HOST:PORT");
            }
            if (!servers.isEmpty() && !servers.get(0).getScheme().equals(uri.getScheme())) {
                throw new IllegalStateException("masterUrl mixes http and https (" + masterUrl + "): the API servers "
                        + "of one cluster serve one scheme");
            }
            servers.add(uri);
        }
        return servers;
    }

    /** {@code name=kubeconfig,name=kubeconfig}: the components' identities, in order. */
    static Map<String, String> identities(String property) {
        Map<String, String> identities = new LinkedHashMap<>();
        if (property == null || property.isBlank()) {
            return identities;
        }
        for (String entry : property.split(",")) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new IllegalStateException(IDENTITIES_PROPERTY + " holds name=kubeconfig pairs separated by "
                        + "commas, not '" + entry.trim() + "'");
            }
            identities.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        return identities;
    }

    /**
     * The server and the credentials: the kubeconfig named by the launch property {@value #KUBECONFIG_PROPERTY} (a
     * cluster with TLS and authentication), else none; the configured masterUrl overrides the kubeconfig's server.
     */
    static Config serverConfig(BundleContext context, String masterUrl) {
        String kubeconfig = context.getProperty(KUBECONFIG_PROPERTY);
        if (kubeconfig == null || kubeconfig.isBlank()) {
            return new ConfigBuilder(Config.empty()).withMasterUrl(orOwnServer(context, masterUrl)).build();
        }
        return fromKubeconfig(kubeconfig, KUBECONFIG_PROPERTY, masterUrl);
    }

    private static Config fromKubeconfig(String kubeconfig, String property, String masterUrl) {
        Config fromFile;
        try {
            fromFile = Config.fromKubeconfig(Files.readString(Path.of(kubeconfig.trim())));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the kubeconfig " + kubeconfig + " (" + property
                    + "): " + e.getMessage(), e);
        }
        return masterUrl.isBlank() ? fromFile : new ConfigBuilder(fromFile).withMasterUrl(masterUrl).build();
    }

    private static String orOwnServer(BundleContext context, String masterUrl) {
        return masterUrl.isBlank() ? "http://127.0.0.1:" + ownPort(context) : masterUrl;
    }

    private static int ownPort(BundleContext context) {
        String port = context.getProperty("org.osgi.service.http.port");
        return port == null || port.isBlank() ? 6443 : Integer.parseInt(port.trim());
    }

    /** This process's API server in memory, while the HTTP bundle offers it (it comes and goes with updates). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLocalApiServer(LocalApiServer server) {
        if (route != null) {
            route.server(server);
        }
    }

    void unbindLocalApiServer(LocalApiServer server) {
        if (route != null && route.server() == server) {
            route.server(null);
        }
    }

    @Deactivate
    void deactivate() {
        for (int i = published.size() - 1; i >= 0; i--) {
            published.get(i).close();
        }
        published.clear();
        if (balancer != null) {
            balancer.close();
            balancer = null;
        }
        if (route != null) {
            route.close();
        }
    }
}
