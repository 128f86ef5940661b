package dev.orchestrator.apiserver.internal.monitoring;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.Sample;
import dev.orchestrator.api.store.Deletion;
import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.ListRequest;
import dev.orchestrator.api.store.ListResult;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.Watch;
import dev.orchestrator.api.store.WatchListener;
import dev.orchestrator.support.metrics.LatencyHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The store as the API server uses it, each read and write timed into {@code etcd_request_duration_seconds}
 * {operation, type}: Kubernetes' name for the latency of its storage calls, kept whichever store is underneath
 * (embedded or etcd), so that dashboards find it. {@code type} is the group-resource of the key ({@code pods},
 * {@code deployments.apps}); operations are {@code get}, {@code list}, {@code create}, {@code update} and
 * {@code delete}, timed whether they succeed or throw. Watches (long-lived), the current revision and compaction
 * pass through untimed.
 */
public final class TimedStore implements Store {

    static final String DURATION = "etcd_request_duration_seconds";

    /** What is timed; the names are Kubernetes' {@code operation} label values. */
    enum Operation {
        GET, LIST, CREATE, UPDATE, DELETE;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Store store;
    private final LongSupplier nanoTime;
    /** Per group-resource, one histogram per operation (by ordinal). */
    private final ConcurrentHashMap<String, LatencyHistogram[]> byType = new ConcurrentHashMap<>();

    public TimedStore(Store store, LongSupplier nanoTime) {
        this.store = store;
        this.nanoTime = nanoTime;
    }

    @Override
    public long currentRevision() {
        return store.currentRevision();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        long start = nanoTime.getAsLong();
        try {
            return store.get(key);
        } finally {
            observe(Operation.GET, key, start);
        }
    }

    @Override
    public ListResult list(ListRequest request) {
        long start = nanoTime.getAsLong();
        try {
            return store.list(request);
        } finally {
            observe(Operation.LIST, request.prefix(), start);
        }
    }

    @Override
    public KeyValue create(String key, byte[] value) {
        long start = nanoTime.getAsLong();
        try {
            return store.create(key, value);
        } finally {
            observe(Operation.CREATE, key, start);
        }
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedRevision) {
        long start = nanoTime.getAsLong();
        try {
            return store.update(key, value, expectedRevision);
        } finally {
            observe(Operation.UPDATE, key, start);
        }
    }

    @Override
    public Deletion delete(String key, long expectedRevision) {
        long start = nanoTime.getAsLong();
        try {
            return store.delete(key, expectedRevision);
        } finally {
            observe(Operation.DELETE, key, start);
        }
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        return store.watch(prefix, afterRevision, listener);
    }

    @Override
    public void compact(long revision) {
        store.compact(revision);
    }

    private void observe(Operation operation, String key, long start) {
        long elapsed = nanoTime.getAsLong() - start;
        byType.computeIfAbsent(StoreKeys.resourceOf(key), t -> newHistograms())[operation.ordinal()].observeNanos(elapsed);
    }

    private static LatencyHistogram[] newHistograms() {
        LatencyHistogram[] histograms = new LatencyHistogram[Operation.values().length];
        for (int i = 0; i < histograms.length; i++) {
            histograms[i] = new LatencyHistogram(RequestMetrics.BUCKETS); // Kubernetes uses the same buckets
        }
        return histograms;
    }

    /** The histogram family, a series per type and operation that was timed at least once. */
    public Metric metric() {
        List<Sample> samples = new ArrayList<>();
        new TreeMap<>(byType).forEach((type, histograms) -> {
            for (Operation operation : Operation.values()) {
                LatencyHistogram h = histograms[operation.ordinal()];
                if (h.count() > 0) {
                    samples.addAll(h.samples(Map.of("operation", operation.label(), "type", type)));
                }
            }
        });
        return new Metric(DURATION, Metric.Type.HISTOGRAM, "Seconds a call of the API server's store took, by "
                + "operation and object type (group-resource), whichever store is underneath.", samples);
    }
}
