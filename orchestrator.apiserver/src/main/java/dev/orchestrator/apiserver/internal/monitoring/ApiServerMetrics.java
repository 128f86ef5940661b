package dev.orchestrator.apiserver.internal.monitoring;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.MetricSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the API server measures, as one {@link MetricSource}: its requests ({@link RequestMetrics}), its store
 * calls ({@link TimedStore}) and its watch cache ({@link WatchCacheEvents}). See docs/apiserver.md, "Metrics".
 */
public final class ApiServerMetrics implements MetricSource {

    private final RequestMetrics requests;
    private final TimedStore store;
    private final WatchCacheEvents watchCache;

    public ApiServerMetrics(RequestMetrics requests, TimedStore store, WatchCacheEvents watchCache) {
        this.requests = requests;
        this.store = store;
        this.watchCache = watchCache;
    }

    @Override
    public List<Metric> metrics() {
        List<Metric> metrics = new ArrayList<>(requests.metrics());
        metrics.add(store.metric());
        metrics.add(watchCache.metric());
        return metrics;
    }
}
