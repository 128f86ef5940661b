package dev.orchestrator.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.api.metrics.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void familiesWithHelpTypeAndSortedEscapedLabels() {
        MetricSource client = () -> List.of(Metric.counter("orchestrator_informer_restarts_total", "Restarts,\nby kind.",
                List.of(Sample.of("kind", "Node", 2), new Sample(Map.of("z", "1", "kind", "Po\"d"), 0.5))));
        MetricSource other = () -> List.of(Metric.counter("orchestrator_informer_restarts_total", "ignored",
                List.of(Sample.of("kind", "Lease", 1))));

        String text = PrometheusText.write(List.of(client, other), (s, e) -> { });

        assertEquals("""
                # HELP orchestrator_informer_restarts_total Restarts,\\nby kind.
                # TYPE orchestrator_informer_restarts_total counter
                orchestrator_informer_restarts_total{kind="Node"} 2
                orchestrator_informer_restarts_total{kind="Po\\"d",z="1"} 0.5
                orchestrator_informer_restarts_total{kind="Lease"} 1
                """, text);
    }

    @Test
    void histogramSamplesCarryTheirSuffix() {
        MetricSource source = () -> List.of(new Metric("orchestrator_controller_reconcile_duration_seconds",
                Metric.Type.HISTOGRAM, "How long reconciles took.", List.of(
                        new Sample("_bucket", Map.of("controller", "web", "le", "0.1"), 1),
                        new Sample("_bucket", Map.of("controller", "web", "le", "+Inf"), 2),
                        new Sample("_sum", Map.of("controller", "web"), 0.25),
                        new Sample("_count", Map.of("controller", "web"), 2))));

        assertEquals("""
                # HELP orchestrator_controller_reconcile_duration_seconds How long reconciles took.
                # TYPE orchestrator_controller_reconcile_duration_seconds histogram
                orchestrator_controller_reconcile_duration_seconds_bucket{controller="web",le="0.1"} 1
                orchestrator_controller_reconcile_duration_seconds_bucket{controller="web",le="+Inf"} 2
                orchestrator_controller_reconcile_duration_seconds_sum{controller="web"} 0.25
                orchestrator_controller_reconcile_duration_seconds_count{controller="web"} 2
                """, PrometheusText.write(List.of(source), (s, e) -> { }));
    }

    @Test
    void aFailingSourceIsLeftOutAndReported() {
        List<MetricSource> failed = new ArrayList<>();
        MetricSource broken = () -> {
            throw new IllegalStateException("closed");
        };
        MetricSource fine = () -> List.of(new Metric("up", Metric.Type.GAUGE, "", List.of(new Sample(Map.of(), 1))));

        String text = PrometheusText.write(List.of(broken, fine), (s, e) -> failed.add(s));

        assertEquals("# HELP up \n# TYPE up gauge\nup 1\n", text);
        assertEquals(List.of(broken), failed);
    }
}
