package dev.orchestrator.controllers.internal.hpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricEvaluationTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final PodSamples.Timings TIMINGS = new PodSamples.Timings(Duration.ofSeconds(300), Duration.ofSeconds(30));

    private static Pod pod(String name) {
        Instant longAgo = NOW.minusSeconds(3600);
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withNewResources()
                .addToRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("64Mi")))
                .endResources().endContainer().endSpec()
                .withNewStatus().withPhase("Running").withStartTime(longAgo.toString())
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(longAgo.toString())
                .endCondition().endStatus().build();
    }

    private static PodUsage usage(String cpu, String memory) {
        return new PodUsage(NOW, Duration.ofSeconds(10), Map.of("main", Map.of(
                "cpu", new Quantity(cpu).getNumericalAmount().doubleValue(),
                "memory", new Quantity(memory).getNumericalAmount().doubleValue())));
    }

    private static MetricSpec cpu(int percent) {
        return new MetricSpecBuilder().withType("Resource").withNewResource().withName("cpu").withNewTarget()
                .withType("Utilization").withAverageUtilization(percent).endTarget().endResource().build();
    }

    private static MetricSpec memory(String average) {
        return new MetricSpecBuilder().withType("Resource").withNewResource().withName("memory").withNewTarget()
                .withType("AverageValue").withAverageValue(new Quantity(average)).endTarget().endResource().build();
    }

    @Test
    void theMetricNeedingMostPodsDecides() {
        Map<String, PodUsage> usage = Map.of("a", usage("50m", "200Mi"), "b", usage("50m", "200Mi"));
        MetricEvaluation.Evaluation e = MetricEvaluation.evaluate(List.of(cpu(50), memory("100Mi")),
                List.of(pod("a"), pod("b")), usage, 2, 0.1, TIMINGS, NOW);
        assertEquals(4, e.replicas());
        assertEquals("memory resource", e.metric());
        assertEquals(0, e.invalid());
        assertEquals(50, e.current().get(0).getResource().getCurrent().getAverageUtilization());
        assertEquals("50m", e.current().get(0).getResource().getCurrent().getAverageValue().toString());
        assertEquals("209715200", e.current().get(1).getResource().getCurrent().getAverageValue().toString());
    }

    @Test
    void unavailableMetricsAreCountedAndTheFirstFailureKept() {
        MetricSpec pods = new MetricSpecBuilder().withType("Pods").withNewPods().withNewMetric().withName("qps")
                .endMetric().withNewTarget().withType("AverageValue").withAverageValue(new Quantity("10")).endTarget()
                .endPods().build();
        MetricEvaluation.Evaluation e = MetricEvaluation.evaluate(List.of(cpu(50), pods), List.of(pod("a")), Map.of(),
                1, 0.1, TIMINGS, NOW);
        assertTrue(e.allInvalid());
        assertEquals("FailedGetResourceMetric", e.failure().orElseThrow().reason());
        assertEquals("failed to get cpu utilization: did not receive metrics for targeted pods (pods might be unready)",
                e.failure().orElseThrow().message());
        MetricEvaluation.Evaluation partly = MetricEvaluation.evaluate(List.of(cpu(50), pods), List.of(pod("a")),
                Map.of("a", usage("10m", "1Mi")), 1, 0.1, TIMINGS, NOW);
        assertEquals(1, partly.invalid());
        assertEquals(1, partly.replicas());
        assertEquals("FailedGetPodsMetric", partly.failure().orElseThrow().reason());
    }
}
