package dev.orchestrator.client.internal;

import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.client.InformerSupervisor;
import dev.orchestrator.client.SharedInformers;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
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
@Component(name = "orchestrator.client", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ClientConfig.class)
public final class KubernetesClientComponent {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesClientComponent.class);
    static final String KUBECONFIG_PROPERTY = "orchestrator.client.kubeconfig";

    private final ClientAndInformers api;
    private final ServiceRegistration<KubernetesClient> registration;
    private final ServiceRegistration<InformerSupervisor> supervisorRegistration;
    private final ServiceRegistration<MetricSource> metricsRegistration;
    private final ServiceRegistration<SharedInformers> sharedRegistration;

    @Activate
    public KubernetesClientComponent(BundleContext context, ClientConfig config) {
        Config base = serverConfig(context, config);
        String url = base.getMasterUrl();
        api = new ClientAndInformers(base, config.requestTimeoutMillis(), config.connectionTimeoutMillis(),
                config.maxConcurrentRequests(), Duration.ofSeconds(Math.max(0, config.sharedInformerLingerSeconds())));
        registration = context.registerService(KubernetesClient.class, api.client(), null);
        supervisorRegistration = context.registerService(InformerSupervisor.class, api.supervisor(), null);
        // a factory: each bundle gets a view that closes what it left open when it stops using the service
        @SuppressWarnings({"unchecked", "rawtypes"})
        ServiceRegistration<SharedInformers> shared = (ServiceRegistration) context.registerService(
                SharedInformers.class.getName(), BundleSharedInformers.factory(api.hub()), null);
        sharedRegistration = shared;
        metricsRegistration = context.registerService(MetricSource.class, api.counters(), null);
        LOG.info("API client ready masterUrl={} user={}", url, base.getCurrentContext() == null ? "none (no kubeconfig)"
                : base.getCurrentContext().getContext().getUser());
    }

    /**
     * The server and the credentials: the kubeconfig named by the launch property {@value #KUBECONFIG_PROPERTY} (a
     * cluster with TLS and authentication), else none; the configured masterUrl overrides the kubeconfig's server.
     */
    static Config serverConfig(BundleContext context, ClientConfig config) {
        String kubeconfig = context.getProperty(KUBECONFIG_PROPERTY);
        if (kubeconfig == null || kubeconfig.isBlank()) {
            return new ConfigBuilder(Config.empty()).withMasterUrl(masterUrl(context, config)).build();
        }
        Config fromFile;
        try {
            fromFile = Config.fromKubeconfig(Files.readString(Path.of(kubeconfig.trim())));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the kubeconfig " + kubeconfig + " (" + KUBECONFIG_PROPERTY
                    + "): " + e.getMessage(), e);
        }
        return config.masterUrl().isBlank() ? fromFile : new ConfigBuilder(fromFile).withMasterUrl(config.masterUrl()).build();
    }

    static String masterUrl(BundleContext context, ClientConfig config) {
        if (!config.masterUrl().isBlank()) {
            return config.masterUrl();
        }
        String port = context.getProperty("org.osgi.service.http.port");
        return "http://127.0.0.1:" + (port == null || port.isBlank() ? "6443" : port.trim());
    }

    @Deactivate
    void deactivate() {
        sharedRegistration.unregister();
        metricsRegistration.unregister();
        supervisorRegistration.unregister();
        registration.unregister();
        api.close();
    }
}
