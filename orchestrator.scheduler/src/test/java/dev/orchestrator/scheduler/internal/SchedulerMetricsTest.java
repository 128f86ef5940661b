package dev.orchestrator.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.Sample;
import dev.orchestrator.api.scheduler.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchedulerMetricsTest {

    private final SchedulerMetrics metrics = new SchedulerMetrics("default-scheduler");

    @Test
    void attemptsAreCountedAndTimedByResultAndProfile() {
        metrics.attempt(SchedulerMetrics.Result.SCHEDULED, 3_000_000);      // 3 ms
        metrics.attempt(SchedulerMetrics.Result.SCHEDULED, 20_000_000);     // 20 ms
        metrics.attempt(SchedulerMetrics.Result.UNSCHEDULABLE, 1_000_000);
        List<Metric> all = metrics.metrics(() -> SchedulerMetrics.QueueDepths.NONE);

        List<Sample> attempts = family(all, SchedulerMetrics.ATTEMPTS).samples();
        assertEquals(List.of(
                new Sample(Map.of("profile", "default-scheduler", "result", "scheduled"), 2),
                new Sample(Map.of("profile", "default-scheduler", "result", "unschedulable"), 1),
                new Sample(Map.of("profile", "default-scheduler", "result", "error"), 0)), attempts,
                "every result is written, at 0 too, so rates start from the first scrape");
        List<Sample> seconds = family(all, SchedulerMetrics.ATTEMPT_DURATION).samples();
        assertEquals(1, value(seconds, "_bucket", Map.of("result", "scheduled", "le", "0.004")));
        assertEquals(2, value(seconds, "_bucket", Map.of("result", "scheduled", "le", "0.032")));
        assertEquals(2, value(seconds, "_count", Map.of("result", "scheduled")));
        assertEquals(0.023, value(seconds, "_sum", Map.of("result", "scheduled")), 1e-9);
    }

    @Test
    void pendingPodsByQueue() {
        List<Sample> pending = family(metrics.metrics(() -> new SchedulerMetrics.QueueDepths(3, 2, 1, 4)),
                SchedulerMetrics.PENDING).samples();
        assertEquals(3, value(pending, "", Map.of("queue", "active")));
        assertEquals(2, value(pending, "", Map.of("queue", "backoff")));
        assertEquals(1, value(pending, "", Map.of("queue", "unschedulable")));
        assertEquals(4, value(pending, "", Map.of("queue", "gated", "profile", "default-scheduler")));
        assertEquals(Metric.Type.GAUGE, family(metrics.metrics(() -> SchedulerMetrics.QueueDepths.NONE),
                SchedulerMetrics.PENDING).type());
    }

    @Test
    void bindingIsTheBindExtensionPointByStatus() {
        metrics.bind(Status.Code.SUCCESS, 500_000); // 0.5 ms
        metrics.bind(Status.Code.ERROR, 50_000_000);
        List<Sample> bind = family(metrics.metrics(() -> SchedulerMetrics.QueueDepths.NONE),
                SchedulerMetrics.EXTENSION_POINT_DURATION).samples();
        assertEquals(1, value(bind, "_count", Map.of("extension_point", "Bind", "status", "Success")));
        assertEquals(1, value(bind, "_bucket", Map.of("status", "Success", "le", "0.0008")));
        assertEquals(0, value(bind, "_bucket", Map.of("status", "Success", "le", "0.0004")));
        assertEquals(1, value(bind, "_count", Map.of("status", "Error")));
        assertTrue(bind.stream().noneMatch(s -> "Skip".equals(s.labels().get("status"))), "no series without calls");
    }

    @Test
    void bucketsAreKubeSchedulers() {
        assertArrayEquals(new double[] {0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024,
                2.048, 4.096, 8.192, 16.384}, SchedulerMetrics.ATTEMPT_BUCKETS, 1e-12);
        assertEquals(12, SchedulerMetrics.EXTENSION_POINT_BUCKETS.length);
        assertEquals(0.2048, SchedulerMetrics.EXTENSION_POINT_BUCKETS[11], 1e-12);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"SUCCESS, Success", "ERROR, Error", "UNSCHEDULABLE, Unschedulable",
            "UNSCHEDULABLE_AND_UNRESOLVABLE, UnschedulableAndUnresolvable", "SKIP, Skip", "WAIT, Wait"})
    void statusLabelsAsKubeSchedulerWritesThem(Status.Code code, String label) {
        assertEquals(label, SchedulerMetrics.statusLabel(code));
    }

    private static Metric family(List<Metric> metrics, String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private static double value(List<Sample> samples, String suffix, Map<String, String> labels) {
        return samples.stream().filter(s -> s.suffix().equals(suffix))
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }
}
