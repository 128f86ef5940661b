package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The runtime's metrics in the process' Prometheus text: per controller the queue depth, keys
 * added, reconciles in progress, reconciles by result, errors, and a histogram of how long
 * reconciles took.
 */
final class ControllerMetricSet {

    private ControllerMetricSet() {
    }

    static List<Metric> of(Map<String, Controller.ControllerState> states, long droppedEvents, boolean leading) {
        Map<String, ControllerMetrics> byName = new TreeMap<>();
        states.forEach((name, state) -> byName.put(name, state.metrics()));
        List<Metric> metrics = new ArrayList<>();
        metrics.add(gauge("orchestrator_controller_queue_depth", "Keys waiting in the controller's work queue.",
                byName, ControllerMetrics::depth));
        metrics.add(gauge("orchestrator_controller_reconciles_in_progress", "Reconciles running now.",
                byName, ControllerMetrics::active));
        metrics.add(Metric.counter("orchestrator_controller_queue_adds_total", "Keys added to the work queue.",
                samples(byName, m -> m.adds.get())));
        List<Sample> results = new ArrayList<>();
        byName.forEach((name, m) -> {
            for (Result.Action action : Result.Action.values()) {
                results.add(new Sample(Map.of("controller", name, "result", action.name().toLowerCase(Locale.ROOT)),
                        m.reconciles(action)));
            }
        });
        metrics.add(Metric.counter("orchestrator_controller_reconciles_total", "Reconciles by result.", results));
        metrics.add(Metric.counter("orchestrator_controller_reconcile_errors_total",
                "Reconciles that threw or returned an error.", samples(byName, m -> m.errors.sum())));
        List<Sample> latency = new ArrayList<>();
        byName.forEach((name, m) -> latency.addAll(m.latency.samples(Map.of("controller", name))));
        metrics.add(new Metric("orchestrator_controller_reconcile_duration_seconds", Metric.Type.HISTOGRAM,
                "How long reconciles took.", latency));
        metrics.add(Metric.counter("orchestrator_controller_events_dropped_total",
                "Events not written (writer queue full or API error).", List.of(new Sample(Map.of(), droppedEvents))));
        metrics.add(new Metric("orchestrator_controller_leader", Metric.Type.GAUGE,
                "1 while this process holds the controllers' lease.", List.of(new Sample(Map.of(), leading ? 1 : 0))));
        return metrics;
    }

    private static Metric gauge(String name, String help, Map<String, ControllerMetrics> byName,
                                ToDoubleFunction<ControllerMetrics> value) {
        return new Metric(name, Metric.Type.GAUGE, help, samples(byName, value));
    }

    private static List<Sample> samples(Map<String, ControllerMetrics> byName, ToDoubleFunction<ControllerMetrics> value) {
        List<Sample> samples = new ArrayList<>();
        byName.forEach((name, m) -> samples.add(Sample.of("controller", name, value.applyAsDouble(m))));
        return samples;
    }
}
