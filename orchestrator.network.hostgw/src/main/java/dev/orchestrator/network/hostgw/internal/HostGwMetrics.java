package dev.orchestrator.network.hostgw.internal;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.api.metrics.Sample;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the host-gw routes of this node. Updated by the sync thread, read by scrapes.
 */
final class HostGwMetrics implements MetricSource {

    static final String ROUTES = "orch_hostgw_routes";
    static final String SKIPPED = "orch_hostgw_skipped_nodes";
    static final String SYNCS = "orch_hostgw_syncs_total";
    static final String ERRORS = "orch_hostgw_sync_errors_total";
    static final String DURATION = "orch_hostgw_last_sync_duration_seconds";

    private final LongAdder syncs = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private volatile long routes;
    private volatile long skipped;
    private volatile double lastDurationSeconds;

    /** A sync ended (with or without failed commands): {@code routesInPlace} of the wanted routes now exist. */
    void synced(long nanos, int routesInPlace, int skippedNodes) {
        syncs.increment();
        lastDurationSeconds = nanos / 1e9;
        routes = routesInPlace;
        skipped = skippedNodes;
    }

    /** One {@code ip} command failed (a read, a replace or a delete). */
    void commandFailed() {
        errors.increment();
    }

    void removedAll() {
        routes = 0;
    }

    long errors() {
        return errors.sum();
    }

    long routes() {
        return routes;
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                gauge(ROUTES, "Routes to other nodes' pod CIDRs that this node has programmed.", routes),
                gauge(SKIPPED, "Nodes that get no route (no podCIDR yet, on this machine, or a bad podCIDR).",
                        skipped),
                Metric.counter(SYNCS, "Syncs of the host-gw routes.", List.of(plain(syncs.sum()))),
                Metric.counter(ERRORS, "ip commands of the host-gw sync that failed (e.g. an unreachable gateway); "
                        + "they are retried with back-off.", List.of(plain(errors.sum()))),
                gauge(DURATION, "How long the last sync of the host-gw routes took.", lastDurationSeconds));
    }

    private static Metric gauge(String name, String help, double value) {
        return new Metric(name, Metric.Type.GAUGE, help, List.of(plain(value)));
    }

    private static Sample plain(double value) {
        return new Sample(Map.of(), value);
    }
}
