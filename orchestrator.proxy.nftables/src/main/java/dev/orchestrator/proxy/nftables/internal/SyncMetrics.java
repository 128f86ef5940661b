package dev.orchestrator.proxy.nftables.internal;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.api.metrics.Sample;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one proxy instance, in the names every proxy reports (told apart by {@code mode}).
 * Updated by the sync thread, read by any scrape.
 */
final class SyncMetrics implements MetricSource {

    static final String SYNCS = "orch_proxy_sync_total";
    static final String FAILURES = "orch_proxy_sync_failures_total";
    static final String DURATION = "orch_proxy_last_sync_duration_seconds";
    static final String ELEMENTS = "orch_proxy_elements";

    private final String mode;
    private final AtomicLong fullSyncs = new AtomicLong();
    private final AtomicLong partialSyncs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile double lastDurationSeconds;
    private volatile long elements;

    SyncMetrics(String mode) {
        this.mode = mode;
    }

    void synced(boolean full, long nanos, long elementCount) {
        (full ? fullSyncs : partialSyncs).incrementAndGet();
        lastDurationSeconds = nanos / 1e9;
        elements = elementCount;
    }

    void failed(long nanos) {
        failures.incrementAndGet();
        lastDurationSeconds = nanos / 1e9;
    }

    /** After {@code removeAll}: nothing is programmed any more. */
    void cleared() {
        elements = 0;
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                Metric.counter(SYNCS, "Syncs of the service proxy that the kernel accepted, by mode and scope "
                        + "(full: the whole table rewritten; changes: only what changed).", List.of(
                                new Sample(Map.of("mode", mode, "scope", "full"), fullSyncs.get()),
                                new Sample(Map.of("mode", mode, "scope", "changes"), partialSyncs.get()))),
                Metric.counter(FAILURES, "Syncs of the service proxy that the kernel refused (the previous rules "
                        + "stayed), by mode.", List.of(Sample.of("mode", mode, failures.get()))),
                new Metric(DURATION, Metric.Type.GAUGE, "How long the last sync of the service proxy took, "
                        + "from the desired state to rules in the kernel.", List.of(
                                Sample.of("mode", mode, lastDurationSeconds))),
                new Metric(ELEMENTS, Metric.Type.GAUGE, "Set and map elements the service proxy has programmed "
                        + "(entries, endpoints per slot, hairpins, cluster ranges).", List.of(
                                Sample.of("mode", mode, elements))));
    }
}
