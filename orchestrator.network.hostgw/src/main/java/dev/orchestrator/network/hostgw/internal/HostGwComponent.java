package dev.orchestrator.network.hostgw.internal;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.client.ClientIdentity;
import dev.orchestrator.client.SharedInformers;
import dev.orchestrator.support.command.ProcessCommandRunner;
import dev.orchestrator.support.lifecycle.NodeStateRemoval;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host-gw pod networking of one node, while a configuration exists: the process' shared Node informer, and a sync loop
 * that routes each other node's pod CIDR to its InternalIP. Activation touches nothing in the kernel; the first
 * sync adopts the routes a predecessor left (same protocol number). On deactivation the routes go only when the
 * component is switched off for good ({@link NodeStateRemoval}); an update, a refresh, a configuration change or
 * a shutdown leaves them, so pods keep reaching each other meanwhile.
 */
@Component(name = HostGwComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = MetricSource.class, immediate = true)
@Designate(ocd = HostGwConfig.class)
public final class HostGwComponent implements MetricSource {

    static final String PID = "orchestrator.network.hostgw";

    private static final Logger LOG = LoggerFactory.getLogger(HostGwComponent.class);
    private static final Duration DEBOUNCE = Duration.ofMillis(100);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final ConfigurationAdmin configurations;
    private final HostGwMetrics metrics = new HostGwMetrics();
    private final RouteSyncer syncer;
    private final RouteSyncLoop loop;
    private final SharedInformers.Subscription<Node> nodes;

    @Activate
    public HostGwComponent(HostGwConfig config, @Reference(target = ClientIdentity.NODE) SharedInformers informers,
                           @Reference ConfigurationAdmin configurations) {
        this.configurations = configurations;
        HostGwSettings settings = HostGwSettings.of(config);
        this.syncer = new RouteSyncer(new RoutePlanner(settings.nodeName(), settings.clusterCidr()),
                new IpRouteTable(settings.commandPrefix(), settings.routeProtocol(), settings.commandTimeout(),
                        new ProcessCommandRunner()), metrics);
        this.nodes = informers.subscribe(Node.class);
        this.loop = new RouteSyncLoop(this::listed, syncer,
                new RouteSyncLoop.Timing(DEBOUNCE, settings.resync(), FIRST_RETRY, MAX_RETRY));
        nodes.addHandler(new NodeChanges(loop));
        loop.start();
        nodes.synced().thenRun(loop::changed);
        LOG.info("host-gw routes started node={} clusterCidr={} routeProtocol={} commandPrefix={}",
                settings.nodeName(), settings.clusterCidr(), settings.routeProtocol(),
                String.join(" ", settings.commandPrefix()));
    }

    private Optional<List<Node>> listed() {
        return nodes.hasSynced() ? Optional.of(nodes.cache().list()) : Optional.empty();
    }

    @Override
    public List<Metric> metrics() {
        return metrics.metrics();
    }

    @Deactivate
    void deactivate(BundleContext context) {
        loop.close();
        nodes.close();
        if (!NodeStateRemoval.onDeactivation(context, configurations, PID)) {
            LOG.info("host-gw routes deactivated, routes kept for the next instance");
            return;
        }
        try {
            LOG.info("host-gw routes switched off, removed={}", syncer.removeAll());
        } catch (RouteCommandException e) {
            LOG.error("host-gw routes could not all be removed error={}", e.getMessage());
        }
    }

    /**
     * Adds and deletes wake the loop; an update only when it changed the podCIDR or the addresses, since most
     * Node updates are status heartbeats that change no route.
     */
    private record NodeChanges(RouteSyncLoop loop) implements ResourceEventHandler<Node> {

        @Override
        public void onAdd(Node node) {
            loop.changed();
        }

        @Override
        public void onUpdate(Node before, Node after) {
            if (!Objects.equals(NodeFacts.of(before), NodeFacts.of(after))) {
                loop.changed();
            }
        }

        @Override
        public void onDelete(Node node, boolean deletedFinalStateUnknown) {
            loop.changed();
        }
    }
}
