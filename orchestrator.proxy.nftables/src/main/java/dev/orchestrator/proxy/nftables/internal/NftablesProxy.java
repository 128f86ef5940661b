package dev.orchestrator.proxy.nftables.internal;

import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.api.proxy.ProxySyncException;
import dev.orchestrator.api.proxy.ServiceProxy;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nftables service proxy: programs Service virtual IPs, external IPs and node ports as one
 * table it owns ({@code ip orch} by default; see {@link TableLayout} for its shape), with one
 * atomic {@code nft -f -} transaction per sync. The first sync and every {@link SyncScope#FULL}
 * sync rewrite the whole table; {@link SyncScope#CHANGES} sends only the elements and chains that
 * differ from the last successful sync. A refused transaction changes nothing: the last good
 * model is kept, and the next sync rewrites the whole table (the refusal may mean the table is no
 * longer what this instance believes).
 *
 * <p>Usable without OSGi. Touches nothing until its first sync. Thread-safe: syncs and
 * {@link #removeAll()} are serialized.
 */
public final class NftablesProxy implements ServiceProxy {

    private static final Logger LOG = LoggerFactory.getLogger(NftablesProxy.class);
    private static final int MAX_LOGGED_OUTPUT = 4000;

    private final NftablesSettings settings;
    private final CommandRunner runner;
    private final ConntrackCleanup conntrack;
    private final SyncMetrics metrics = new SyncMetrics("nftables");
    private PortTable table;
    private boolean rewriteNext = true;
    private List<String> reportedProblems = List.of();

    public NftablesProxy(NftablesSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.runner = new CommandRunner(settings.commandPrefix(), settings.commandTimeout());
        this.conntrack = new ConntrackCleanup(settings, runner);
    }

    @Override
    public String mode() {
        return "nftables";
    }

    @Override
    public synchronized SyncReport sync(ProxyState desired, SyncScope scope) throws ProxySyncException {
        long start = System.nanoTime();
        SyncReport report = scope == SyncScope.FULL || rewriteNext || table == null
                ? rewrite(desired, start) : change(desired, start);
        rewriteNext = false;
        metrics.synced(report.full(), System.nanoTime() - start, table.elementCount());
        return report;
    }

    /** Rewrites the whole table from {@code desired}. */
    private SyncReport rewrite(ProxyState desired, long start) throws ProxySyncException {
        PortTable next = new PortTable();
        TableDelta everything = next.delta(desired);
        reportProblems(everything.problems());
        next.apply(everything);
        Set<String> affinitySets = new HashSet<>();
        next.ports().forEach(port -> port.groups().forEach(group -> affinitySets.addAll(group.endpointChains())));
        String script = FullScript.write(settings, next, AffinityMemory.read(runner, settings, affinitySets));
        long written = System.nanoTime();
        apply(script, true, start);
        long inKernel = System.nanoTime();
        conntrack.afterRewrite(table, next);
        SyncReport report = new SyncReport(true, next.ports().size(), removedBy(next));
        table = next;
        LOG.info("nftables sync table={} scope=full services={} elements={} millis={} scriptMillis={} nftMillis={}",
                settings.qualifiedTable(), report.servicesWritten(), table.elementCount(),
                millis(System.nanoTime() - start), millis(written - start), millis(inKernel - written));
        return report;
    }

    /** Sends only what differs between the table and {@code desired}. */
    private SyncReport change(ProxyState desired, long start) throws ProxySyncException {
        TableDelta delta = table.delta(desired);
        reportProblems(delta.problems());
        String script = ChangeScript.write(settings, table, delta);
        long written = System.nanoTime();
        if (!script.isEmpty()) {
            apply(script, false, start);
        }
        long inKernel = System.nanoTime();
        table.apply(delta);
        conntrack.afterChanges(delta);
        int removed = (int) delta.changes().stream().filter(change -> change.after() == null).count();
        SyncReport report = new SyncReport(false, delta.changes().size() - removed, removed);
        LOG.debug("nftables sync table={} scope=changes written={} removed={} millis={} scriptMillis={} nftMillis={}",
                settings.qualifiedTable(), report.servicesWritten(), report.servicesRemoved(),
                millis(System.nanoTime() - start), millis(written - start), millis(inKernel - written));
        return report;
    }

    private void apply(String script, boolean full, long start) throws ProxySyncException {
        CommandRunner.Outcome outcome;
        try {
            outcome = runner.run(List.of(settings.nft(), "-f", "-"), script);
        } catch (IOException e) {
            fail(start, full, "nft could not run: " + e.getMessage(), e);
            return;
        }
        if (outcome.exitCode() != 0) {
            fail(start, full, "nft refused the " + (full ? "full" : "partial") + " sync of "
                    + settings.qualifiedTable() + " (exit " + outcome.exitCode() + "): "
                    + shorten(NftErrors.explain(script, outcome.output())),
                    null);
        }
    }

    private void fail(long start, boolean full, String message, Throwable cause) throws ProxySyncException {
        metrics.failed(System.nanoTime() - start);
        rewriteNext = true;
        LOG.warn("nftables sync failed table={} scope={} error={}", settings.qualifiedTable(),
                full ? "full" : "changes", message);
        throw cause == null ? new ProxySyncException(message) : new ProxySyncException(message, cause);
    }

    /**
     * Deletes the proxy's table (all its rules); the next sync writes it again. Does nothing when
     * there is no table.
     *
     * @throws ProxySyncException when nft refused or could not run
     */
    public synchronized void removeAll() throws ProxySyncException {
        long start = System.nanoTime();
        String script = new NftScript(settings.qualifiedTable()).addTable().deleteTable().toString();
        apply(script, true, start);
        table = null;
        rewriteNext = true;
        metrics.cleared();
        LOG.info("nftables table removed table={}", settings.qualifiedTable());
    }

    /** This instance's sync counters, to register as a metrics source. */
    public MetricSource metrics() {
        return metrics;
    }

    /** Ports of the current table that {@code next} no longer has. */
    private int removedBy(PortTable next) {
        if (table == null) {
            return 0;
        }
        Set<PortKey> kept = new HashSet<>();
        next.ports().forEach(rules -> kept.add(rules.source().key()));
        return (int) table.ports().stream().filter(rules -> !kept.contains(rules.source().key())).count();
    }

    /** Logs what the state held that nft could not take, once for each new set of problems. */
    private void reportProblems(List<String> problems) {
        if (!problems.isEmpty() && !problems.equals(reportedProblems)) {
            LOG.warn("nftables left out parts of the desired state count={} first={}", problems.size(),
                    problems.subList(0, Math.min(5, problems.size())));
        }
        reportedProblems = problems;
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static String shorten(String output) {
        return output.length() <= MAX_LOGGED_OUTPUT ? output : output.substring(0, MAX_LOGGED_OUTPUT) + " ...";
    }
}
