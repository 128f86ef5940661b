package dev.orchestrator.client.internal;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.api.metrics.Sample;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often this process' API client skipped an object it could not decode and how often an
 * informer had to list and watch again, per kind. Lives as long as the client (a client bundle
 * update starts from zero, as a process restart does).
 */
final class InformerCounters implements MetricSource {

    static final String DECODE_ERRORS = "orchestrator_client_decode_errors_total";
    static final String RESTARTS = "orchestrator_informer_restarts_total";

    private final ConcurrentMap<String, LongAdder> decodeErrors = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> restarts = new ConcurrentHashMap<>();

    void decodeError(String kind) {
        decodeErrors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    void restart(String kind) {
        restarts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    long decodeErrors(String kind) {
        LongAdder n = decodeErrors.get(kind);
        return n == null ? 0 : n.sum();
    }

    long restarts(String kind) {
        LongAdder n = restarts.get(kind);
        return n == null ? 0 : n.sum();
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                Metric.counter(DECODE_ERRORS, "Objects skipped in lists and watch events of the API client "
                        + "because they could not be decoded, by kind.", samples(decodeErrors)),
                Metric.counter(RESTARTS, "Times an informer listed and watched again after its list or watch "
                        + "failed, by kind.", samples(restarts)));
    }

    private static List<Sample> samples(Map<String, LongAdder> counts) {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((kind, n) -> sorted.put(kind, n.sum()));
        return sorted.entrySet().stream().map(e -> Sample.of("kind", e.getKey(), e.getValue())).toList();
    }
}
