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
