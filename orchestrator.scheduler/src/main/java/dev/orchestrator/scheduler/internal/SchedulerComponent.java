package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.api.scheduler.Plugin;
import dev.orchestrator.client.ClientIdentity;
import dev.orchestrator.client.SharedInformers;
import dev.orchestrator.support.leader.LeaseLeadership;
import dev.orchestrator.support.leader.LeaseSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler of one profile. Plugins are a dynamic whiteboard: one appearing or leaving (a
 * strategy bundle stopped, started or updated) builds a new plugin set for the next cycle while
 * the queue, the cache and bindings in flight stay. Changing the plugin part of the configuration
 * (strategy, disabled plugins, weights) is applied the same way; other changes restart the run. It is the
 * {@link MetricSource} of its profile ({@link SchedulerMetrics}), whose counters go on across runs.
 */
@Component(name = "orchestrator.scheduler", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = MetricSource.class, immediate = true)
@Designate(ocd = SchedulerConfig.class)
public final class SchedulerComponent implements MetricSource {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerComponent.class);

    private final KubernetesClient client;
    private final SharedInformers informers;
    private final Map<Plugin, RegisteredPlugin> registered = new ConcurrentHashMap<>();
    private volatile SchedulerConfig config;
    private volatile PluginSet plugins;
    private volatile LeadingRun leadingRun;
    private volatile LeaseLeadership leadership;
    private volatile SchedulerMetrics metrics;

    @Activate
    public SchedulerComponent(@Reference(target = ClientIdentity.SCHEDULER) KubernetesClient client, @Reference(target = ClientIdentity.SCHEDULER) SharedInformers informers,
                              SchedulerConfig config) {
        this.client = client;
        this.informers = informers;
        this.config = config;
        this.metrics = new SchedulerMetrics(config.schedulerName());
        rebuildPlugins();
        lead(config);
    }

    @Override
    public List<Metric> metrics() {
        LeadingRun l = leadingRun;
        return metrics.metrics(() -> l == null ? SchedulerMetrics.QueueDepths.NONE : l.queueDepths());
    }

    private void lead(SchedulerConfig c) {
        String lease = c.leaseName().isBlank() ? "orchestrator-" + c.schedulerName() : c.leaseName();
        leadingRun = new LeadingRun(this::newRun);
        leadership = new LeaseLeadership(client, LeaseSettings.ofSeconds(c.leaderElection(), c.leaseNamespace(), lease,
                c.leaseDurationSeconds(), c.renewDeadlineSeconds(), c.retryPeriodSeconds()), leadingRun);
        leadership.start();
    }

    private SchedulerRun newRun() {
        return new SchedulerRun(client, informers, config, () -> plugins, metrics);
    }

    @Modified
    void modified(SchedulerConfig updated) {
        SchedulerConfig old = config;
        config = updated;
        if (onlyPluginsDiffer(old, updated)) {
            rebuildPlugins();
            return;
        }
        LOG.info("scheduler configuration changed, restarting schedulerName={}", updated.schedulerName());
        leadership.close();
        if (!updated.schedulerName().equals(old.schedulerName())) {
            metrics = new SchedulerMetrics(updated.schedulerName()); // another profile: its own series
        }
        rebuildPlugins();
        lead(updated);
    }

    /** The attributes that only choose and weigh plugins: a change to them rebuilds the plugin set in place. */
    static final Set<String> PLUGIN_ATTRIBUTES = Set.of("strategy", "disabledPlugins", "pluginWeights");

    /**
     * Whether the two configurations differ in {@link #PLUGIN_ATTRIBUTES} only. Every other attribute of
     * {@link SchedulerConfig}, including one added later, restarts the scheduler when it changes.
     */
    static boolean onlyPluginsDiffer(SchedulerConfig a, SchedulerConfig b) {
        for (java.lang.reflect.Method attribute : SchedulerConfig.class.getDeclaredMethods()) {
            if (attribute.getParameterCount() > 0 || PLUGIN_ATTRIBUTES.contains(attribute.getName())) {
                continue;
            }
            try {
                if (!java.util.Objects.deepEquals(attribute.invoke(a), attribute.invoke(b))) {
                    return false;
                }
            } catch (ReflectiveOperationException e) {
                return false; // unknown: restart, the safe side
            }
        }
        return true;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPlugin(Plugin plugin, Map<String, Object> properties) {
        registered.put(plugin, RegisteredPlugin.of(plugin, properties));
        rebuildPlugins();
    }

    void removePlugin(Plugin plugin) {
        if (registered.remove(plugin) != null) {
            rebuildPlugins();
        }
    }

    private synchronized void rebuildPlugins() {
        SchedulerConfig c = config;
        if (c == null) {
            return; // called by DS before the constructor finished
        }
        Map<String, Integer> weights;
        try {
            weights = PluginSet.weights(c.pluginWeights());
        } catch (IllegalArgumentException e) {
            LOG.error("ignoring pluginWeights of the scheduler configuration: {}", e.getMessage());
            weights = Map.of();
        }
        PluginSet next = PluginSet.of(registered.values(), c.strategy().trim(), Set.copyOf(List.of(c.requiredPlugins())),
                Set.copyOf(List.of(c.disabledPlugins())), weights);
        PluginSet previous = plugins;
        plugins = next;
        if (previous == null || !previous.toString().equals(next.toString())) {
            LOG.info("scheduler plugins schedulerName={} {}", c.schedulerName(), next);
        }
        LeadingRun l = leadingRun;
        if (l != null) {
            l.pluginsChanged();
        }
    }

    @Deactivate
    void deactivate() {
        leadership.close();
    }
}
