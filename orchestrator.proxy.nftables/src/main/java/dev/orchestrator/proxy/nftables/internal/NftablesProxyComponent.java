package dev.orchestrator.proxy.nftables.internal;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxySyncException;
import dev.orchestrator.api.proxy.ServiceProxy;
import dev.orchestrator.support.lifecycle.NodeStateRemoval;
import java.time.Duration;
import java.util.List;
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
 * Offers an {@link NftablesProxy} as a {@link ServiceProxy} and its counters as a
 * {@link MetricSource} while a configuration exists ({@code orchestrator.proxy.nftables.cfg}
 * switches the nftables data plane on; deleting it switches it off and removes the table).
 * Activation touches nothing in the kernel: the proxy core's first sync rewrites whatever a
 * predecessor left. The table outlives an update or refresh of this bundle, a configuration change
 * and a framework shutdown (the next instance adopts it); it goes when the proxy is switched off or
 * its bundle is stopped or uninstalled for good ({@link NodeStateRemoval}).
 */
@Component(name = NftablesProxyComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {ServiceProxy.class, MetricSource.class})
@Designate(ocd = NftablesProxyConfig.class)
@ProxyMode("nftables")
public final class NftablesProxyComponent implements ServiceProxy, MetricSource {

    static final String PID = "orchestrator.proxy.nftables";

    private static final Logger LOG = LoggerFactory.getLogger(NftablesProxyComponent.class);

    private final NftablesProxy proxy;
    private final ConfigurationAdmin configurations;

    @Activate
    public NftablesProxyComponent(NftablesProxyConfig config, @Reference ConfigurationAdmin configurations) {
        this.configurations = configurations;
        this.proxy = new NftablesProxy(settings(config));
        LOG.info("nftables proxy ready table=ip {} prefix={}", config.table(), List.of(config.commandPrefix()));
    }

    static NftablesSettings settings(NftablesProxyConfig config) {
        // metatype tools may hand an empty array default over as one empty word
        List<String> prefix = java.util.Arrays.stream(config.commandPrefix()).filter(word -> !word.isBlank()).toList();
        return new NftablesSettings(config.table(), "ip", prefix, config.nft(),
                config.conntrack(), config.conntrackCleanup(), config.masqueradeMark(),
                Duration.ofSeconds(Math.max(1, config.commandTimeoutSeconds())));
    }

    @Override
    public String mode() {
        return proxy.mode();
    }

    @Override
    public SyncReport sync(ProxyState desired, SyncScope scope) throws ProxySyncException {
        return proxy.sync(desired, scope);
    }

    @Override
    public List<Metric> metrics() {
        return proxy.metrics().metrics();
    }

    @Deactivate
    void deactivate(BundleContext context) {
        if (!NodeStateRemoval.onDeactivation(context, configurations, PID)) {
            LOG.info("nftables proxy deactivated, table kept for the next instance");
            return;
        }
        try {
            proxy.removeAll();
        } catch (ProxySyncException e) {
            LOG.error("nftables table could not be removed error={}", e.getMessage());
        }
    }
}
