package dev.orchestrator.proxy.iptables.internal;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxySyncException;
import dev.orchestrator.api.proxy.ServiceProxy;
import dev.orchestrator.support.lifecycle.NodeStateRemoval;
import java.time.Duration;
import java.util.Arrays;
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
 * Offers an {@link IptablesProxy} as a {@link ServiceProxy} and its counters as a
 * {@link MetricSource}, while a configuration exists ({@code orchestrator.proxy.iptables.cfg}
 * switches the iptables data plane on; deleting it switches it off and removes its rules).
 * Activation touches nothing in the kernel; the proxy core's first sync adopts whatever a
 * predecessor left. On deactivation the rules go only when the proxy is switched off for good
 * ({@link NodeStateRemoval}); an update, a refresh, a configuration change or a shutdown leaves them
 * for the next instance, so traffic keeps flowing meanwhile.
 */
@Component(name = IptablesProxyComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {ServiceProxy.class, MetricSource.class})
@Designate(ocd = IptablesProxyConfig.class)
@ProxyMode("iptables")
public final class IptablesProxyComponent implements ServiceProxy, MetricSource {

    static final String PID = "orchestrator.proxy.iptables";

    private static final Logger LOG = LoggerFactory.getLogger(IptablesProxyComponent.class);

    private final IptablesProxy proxy;
    private final ConfigurationAdmin configurations;

    @Activate
    public IptablesProxyComponent(IptablesProxyConfig config, @Reference ConfigurationAdmin configurations) {
        this.configurations = configurations;
        this.proxy = new IptablesProxy(new IptablesSettings(config.chainPrefix(), words(config.commandPrefix()),
                config.masqueradeBit(), config.flushUdpConntrack(), Duration.ofSeconds(config.commandTimeoutSeconds())));
        LOG.info("iptables proxy ready chainPrefix={} commandPrefix={}", config.chainPrefix(),
                String.join(" ", words(config.commandPrefix())));
    }

    // A configuration file may give an empty value, which arrives as one empty word.
    private static List<String> words(String[] prefix) {
        return Arrays.stream(prefix).map(String::trim).filter(w -> !w.isEmpty()).toList();
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
            LOG.info("iptables proxy deactivated, rules kept for the next instance");
            return;
        }
        try {
            proxy.removeAll();
        } catch (ProxySyncException e) {
            LOG.error("iptables rules could not be removed error={}", e.getMessage());
        }
    }
}
