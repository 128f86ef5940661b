package dev.orchestrator.proxy.internal;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ServiceProxy;
import dev.orchestrator.client.ClientIdentity;
import dev.orchestrator.client.SharedInformers;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
 * The proxy core of one node: the process' shared informers of Services and EndpointSlices, and a sync loop that programs
 * every {@link ServiceProxy} present. Proxies come and go as bundles; each new one is brought up to date with a
 * full sync, and all present ones are kept in sync, so that a proxy is swapped for another by starting the new
 * bundle before stopping the old one. Immediate: offering metrics must not make it wait for a metrics reader (a
 * worker has none), as a delayed component would.
 */
@Component(name = "orchestrator.proxy", configurationPolicy = ConfigurationPolicy.REQUIRE, service = MetricSource.class,
        immediate = true)
@Designate(ocd = ProxyCoreConfig.class)
public final class ProxyCore implements MetricSource {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyCore.class);

    private final SharedInformers.Subscription<Service> services;
    private final SharedInformers.Subscription<EndpointSlice> slices;
    private final DesiredState desiredState;
    private final ProxySyncMetrics metrics = new ProxySyncMetrics();
    private final ProxySyncLoop loop;

    @Activate
    public ProxyCore(@Reference(target = ClientIdentity.PROXY) SharedInformers informers, ProxyCoreConfig config) {
        this.desiredState = new DesiredState(config.nodeName(), list(config.nodeAddresses()),
                list(config.clusterCidrs()));
        this.loop = new ProxySyncLoop(this::desired,
                new ProxySyncLoop.Timing(Duration.ofMillis(Math.max(0, config.minSyncIntervalMillis())),
                        Duration.ofSeconds(Math.max(1, config.fullSyncSeconds())),
                        Duration.ofSeconds(Math.max(1, config.maxRetrySeconds()))),
                metrics, Clock.systemUTC());
        this.services = informers.subscribe(Service.class);
        this.slices = informers.subscribe(EndpointSlice.class);
        ResourceEventHandler<Object> onChange = new ChangeHandler(loop);
        services.addHandler(cast(onChange));
        slices.addHandler(cast(onChange));
        loop.start();
        services.synced().thenRun(loop::changed);
        slices.synced().thenRun(loop::changed);
        LOG.info("proxy core started node={} nodeAddresses={} clusterCidrs={}", config.nodeName(),
                config.nodeAddresses(), config.clusterCidrs());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addProxy(ServiceProxy proxy) {
        LOG.info("service proxy arrived mode={}", proxy.mode());
        loop.add(proxy);
    }

    void removeProxy(ServiceProxy proxy) {
        LOG.info("service proxy left mode={}", proxy.mode());
        loop.remove(proxy);
    }

    private Optional<ProxyState> desired() {
        if (!services.hasSynced() || !slices.hasSynced()) {
            return Optional.empty();
        }
        return Optional.of(desiredState.of(services.cache().list(), slices.cache().list()));
    }

    @Override
    public List<Metric> metrics() {
        return metrics.metrics();
    }

    @Deactivate
    void stop() {
        loop.close();
        services.close();
        slices.close();
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> handler) {
        return (ResourceEventHandler) handler;
    }

    /** Every add, update or delete only marks the desired state dirty: the loop recomputes it whole. */
    private record ChangeHandler(ProxySyncLoop loop) implements ResourceEventHandler<Object> {

        @Override
        public void onAdd(Object obj) {
            loop.changed();
        }

        @Override
        public void onUpdate(Object oldObj, Object newObj) {
            loop.changed();
        }

        @Override
        public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
            loop.changed();
        }
    }
}
