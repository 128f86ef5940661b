package dev.orchestrator.proxy.iptables.internal;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.api.metrics.Sample;
import dev.orchestrator.api.proxy.ServiceProxy.SyncScope;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one {@link IptablesProxy}: syncs by scope, refused syncs, the last sync's duration
 * and how many chains and rules the proxy owns. Updated by the sync thread, read by scrapes.
 */
final class IptablesMetrics implements MetricSource {

    static final String SYNCS = "orch_proxy_sync_total";
    static final String FAILURES = "orch_proxy_sync_failures_total";
    static final String DURATION = "orch_proxy_last_sync_duration_seconds";
    static final String CHAINS = "orch_proxy_chains";
    static final String RULES = "orch_proxy_rules";
    private static final String MODE = "iptables";

    private final LongAdder fullSyncs = new LongAdder();
    private final LongAdder changeSyncs = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile double lastDurationSeconds;
    private volatile long chains;
    private volatile long rules;

    void synced(SyncScope scope, long nanos, int chainCount, int ruleCount) {
        (scope == SyncScope.FULL ? fullSyncs : changeSyncs).increment();
        lastDurationSeconds = nanos / 1e9;
        chains = chainCount;
        rules = ruleCount;
    }

    void failed(long nanos) {
        failures.increment();
        lastDurationSeconds = nanos / 1e9;
    }

    void removed() {
        chains = 0;
        rules = 0;
    }

    long syncs(SyncScope scope) {
        return (scope == SyncScope.FULL ? fullSyncs : changeSyncs).sum();
    }

    long failures() {
        return failures.sum();
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                Metric.counter(SYNCS, "Syncs of the service proxy that the kernel accepted, by scope "
                        + "(full: every owned chain rewritten).", List.of(
                                scoped(SyncScope.FULL, fullSyncs.sum()), scoped(SyncScope.CHANGES, changeSyncs.sum()))),
                Metric.counter(FAILURES, "Syncs of the service proxy that were refused; the previous rules stayed.",
                        List.of(mode(failures.sum()))),
                gauge(DURATION, "How long the last sync of the service proxy took.", lastDurationSeconds),
                gauge(CHAINS, "Chains the service proxy owns after its last sync.", chains),
                gauge(RULES, "Rules in the chains the service proxy owns after its last sync.", rules));
    }

    private static Metric gauge(String name, String help, double value) {
        return new Metric(name, Metric.Type.GAUGE, help, List.of(mode(value)));
    }

    private static Sample mode(double value) {
        return Sample.of("mode", MODE, value);
    }

    private static Sample scoped(SyncScope scope, double value) {
        return new Sample(Map.of("mode", MODE, "scope", scope.name().toLowerCase(Locale.ROOT)), value);
    }
}
