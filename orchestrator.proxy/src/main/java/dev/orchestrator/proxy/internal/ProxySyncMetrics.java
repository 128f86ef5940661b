package dev.orchestrator.proxy.internal;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.api.metrics.Sample;
import dev.orchestrator.api.proxy.ServiceProxy.SyncScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the proxy core reports per proxy mode: syncs by scope, refusals, the last sync's duration and size. */
final class ProxySyncMetrics implements MetricSource {

    private final Map<Map<String, String>, AtomicLong> syncs = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final Map<String, Double> lastSeconds = new ConcurrentHashMap<>();
    private final Map<String, Integer> programmed = new ConcurrentHashMap<>();

    void synced(String mode, SyncScope scope, double seconds, int servicePorts) {
        syncs.computeIfAbsent(Map.of("mode", mode, "scope", scope.name().toLowerCase(java.util.Locale.ROOT)),
                k -> new AtomicLong()).incrementAndGet();
        lastSeconds.put(mode, seconds);
        programmed.put(mode, servicePorts);
        failures.computeIfAbsent(mode, k -> new AtomicLong());
    }

    void failed(String mode) {
        failures.computeIfAbsent(mode, k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public List<Metric> metrics() {
        List<Sample> syncSamples = new ArrayList<>();
        syncs.forEach((labels, n) -> syncSamples.add(new Sample(labels, n.get())));
        List<Sample> failureSamples = new ArrayList<>();
        failures.forEach((mode, n) -> failureSamples.add(Sample.of("mode", mode, n.get())));
        List<Sample> secondSamples = new ArrayList<>();
        lastSeconds.forEach((mode, s) -> secondSamples.add(Sample.of("mode", mode, s)));
        List<Sample> portSamples = new ArrayList<>();
        programmed.forEach((mode, n) -> portSamples.add(Sample.of("mode", mode, n)));
        return List.of(
                Metric.counter("orch_proxy_core_syncs_total", "Syncs the proxy core handed to a proxy and it accepted, by mode and scope.", syncSamples),
                Metric.counter("orch_proxy_core_sync_failures_total",
                        "Proxy syncs refused (the previous rules stayed in place).", failureSamples),
                new Metric("orch_proxy_core_last_sync_seconds", Metric.Type.GAUGE,
                        "Duration of the last successful sync.", secondSamples),
                new Metric("orch_proxy_core_service_ports", Metric.Type.GAUGE,
                        "Service ports programmed by the last successful sync.", portSamples));
    }
}
