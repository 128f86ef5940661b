package dev.orchestrator.apiserver.internal.monitoring;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.Sample;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code apiserver_watch_cache_events_received_total{resource}}: the store events the watch cache received, per
 * resource (group-resource, as Kubernetes labels it). Counters outlive the cache's shared watch of a resource, which
 * is made again after the store ended it.
 */
public final class WatchCacheEvents {

    static final String RECEIVED = "apiserver_watch_cache_events_received_total";

    private final ConcurrentHashMap<String, LongAdder> byPrefix = new ConcurrentHashMap<>();

    /** The counter of the resource whose keys start with {@code typePrefix} ({@code /registry/pods/}). */
    public LongAdder received(String typePrefix) {
        return byPrefix.computeIfAbsent(typePrefix, p -> new LongAdder());
    }

    public Metric metric() {
        Map<String, Long> byResource = new TreeMap<>();
        byPrefix.forEach((prefix, n) -> byResource.merge(StoreKeys.resourceOf(prefix), n.sum(), Long::sum));
        List<Sample> samples = byResource.entrySet().stream()
                .map(e -> Sample.of("resource", e.getKey(), e.getValue())).toList();
        return Metric.counter(RECEIVED, "Store events the API server's watch cache received, by resource.", samples);
    }
}
