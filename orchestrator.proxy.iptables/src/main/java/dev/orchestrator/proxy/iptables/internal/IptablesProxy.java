package dev.orchestrator.proxy.iptables.internal;

import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import dev.orchestrator.api.proxy.ProxySyncException;
import dev.orchestrator.api.proxy.ServiceProxy;
import dev.orchestrator.proxy.iptables.internal.IptablesCommands.RestoreFailure;
import dev.orchestrator.support.command.CommandRunner;
import dev.orchestrator.support.command.ProcessCommandRunner;
import java.io.IOException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service virtual IPs, external IPs and node ports as iptables NAT rules. Each sync is one
 * {@code iptables-restore --noflush} run: a full sync (the first of an instance, {@code FULL},
 * and the one after a sync that may have half applied) rewrites every owned chain and deletes
 * stale ones that {@code iptables-save} shows; any other sync rewrites only the chains whose rules
 * differ from the last accepted sync. Usable without OSGi; does nothing to the kernel before the
 * first {@link #sync}.
 *
 * <p>Thread-safe: {@link #sync} and {@link #removeAll} exclude each other.
 */
public final class IptablesProxy implements ServiceProxy {

    private static final Logger LOG = LoggerFactory.getLogger(IptablesProxy.class);

    private final IptablesSettings settings;
    private final ChainNames names;
    private final TopLevelRules renderer;
    private final IptablesCommands commands;
    private final UdpConntrackCleaner conntrack;
    private final IptablesMetrics metrics = new IptablesMetrics();

    // The rules of the last sync the kernel accepted, and the state they came from.
    private RuleSet applied;
    private Map<PortKey, ServicePort> appliedPorts = Map.of();
    private boolean needsFull = true;

    public IptablesProxy(IptablesSettings settings) {
        this(settings, new ProcessCommandRunner());
    }

    IptablesProxy(IptablesSettings settings, CommandRunner runner) {
        this.settings = settings;
        this.names = new ChainNames(settings.chainPrefix());
        this.renderer = new TopLevelRules(names, settings);
        this.commands = new IptablesCommands(settings, runner);
        this.conntrack = new UdpConntrackCleaner(commands);
    }

    @Override
    public String mode() {
        return "iptables";
    }

    /** Counters of this proxy's syncs, for registration as a metrics source. */
    public MetricSource metrics() {
        return metrics;
    }

    @Override
    public synchronized SyncReport sync(ProxyState desired, SyncScope scope) throws ProxySyncException {
        long start = System.nanoTime();
        boolean full = scope == SyncScope.FULL || needsFull || applied == null;
        SyncPlanner.Plan plan;
        RuleSet rules;
        try {
            rules = renderer.render(desired, appliedPorts, applied);
            plan = full ? SyncPlanner.full(rules, applied, saved(), renderer.jumps())
                    : SyncPlanner.changes(rules, applied, renderer.patchable());
            if (!plan.script().isEmpty()) {
                commands.restore(plan.script());
            }
        } catch (IllegalArgumentException | RestoreFailure | IOException e) {
            metrics.failed(System.nanoTime() - start);
            throw refused(e, full);
        }
        Map<PortKey, ServicePort> before = appliedPorts;
        applied = rules;
        appliedPorts = byKey(desired);
        needsFull = false;
        if (settings.flushUdpConntrack()) {
            conntrack.afterSync(before, appliedPorts);
        }
        long nanos = System.nanoTime() - start;
        metrics.synced(full ? SyncScope.FULL : SyncScope.CHANGES, nanos, rules.chainCount(), rules.ruleCount());
        if (full) {
            LOG.info("iptables full sync servicePorts={} chains={} rules={} seconds={}", rules.ports().size(),
                    rules.chainCount(), rules.ruleCount(), nanos / 1e9);
        } else {
            LOG.debug("iptables sync written={} removed={} chainsWritten={} seconds={}", plan.portsWritten(),
                    plan.portsRemoved(), plan.script().chainsWritten(), nanos / 1e9);
        }
        return new SyncReport(full, plan.portsWritten(), plan.portsRemoved());
    }

    /** Logs why a sync failed, notes whether the next one must be full, and says so to the caller. */
    private ProxySyncException refused(Exception e, boolean full) {
        if (e instanceof IllegalArgumentException) {
            LOG.error("proxy sync refused before iptables mode=iptables error={}", e.getMessage());
            return new ProxySyncException("cannot write rules for this state: " + e.getMessage(), e);
        }
        if (e instanceof RestoreFailure f) {
            // Tables committed before the refused line hold rules the memory does not know, and a
            // refused deletion means the kernel lacks what the memory expected: only a full sync
            // can tell again what is in the kernel.
            needsFull |= f.line().isEmpty() || !f.committed().isEmpty()
                    || f.rejected().startsWith("-D ") || f.rejected().startsWith("-X ");
            LOG.error("iptables-restore refused the sync full={} line={} rejected=\"{}\" committedTables={} error={}",
                    full, f.line().map(String::valueOf).orElse("?"), f.rejected(), f.committed(), f.getMessage());
            return new ProxySyncException(f.getMessage(), f);
        }
        needsFull = true;
        LOG.error("iptables sync failed full={} error={}", full, e.toString());
        return new ProxySyncException("iptables sync failed: " + e.getMessage(), e);
    }

    /**
     * Deletes every chain this proxy owns and every jump into them, as {@code iptables-save} shows
     * them (so also what a predecessor left). The next sync starts from scratch.
     */
    public synchronized void removeAll() throws ProxySyncException {
        try {
            RestoreScript script = SyncPlanner.removal(saved());
            if (!script.isEmpty()) {
                commands.restore(script);
            }
            applied = null;
            appliedPorts = Map.of();
            needsFull = true;
            metrics.removed();
            LOG.info("iptables rules removed prefix={}", settings.chainPrefix());
        } catch (RestoreFailure e) {
            LOG.error("iptables-restore refused the removal line={} rejected=\"{}\" error={}",
                    e.line().map(String::valueOf).orElse("?"), e.rejected(), e.getMessage());
            throw new ProxySyncException(e.getMessage(), e);
        } catch (IOException e) {
            throw new ProxySyncException("iptables removal failed: " + e.getMessage(), e);
        }
    }

    private Map<Table, SavedRules> saved() throws IOException {
        Map<Table, SavedRules> saved = new EnumMap<>(Table.class);
        for (Table table : Table.values()) {
            saved.put(table, SavedRules.parse(table, commands.save(table), names));
        }
        return saved;
    }

    private static Map<PortKey, ServicePort> byKey(ProxyState state) {
        Map<PortKey, ServicePort> ports = new LinkedHashMap<>();
        state.services().forEach(sp -> ports.put(sp.key(), sp));
        return ports;
    }
}
