package dev.orchestrator.controllers.internal.hpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodSamplesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final PodSamples.Timings TIMINGS = new PodSamples.Timings(Duration.ofSeconds(300), Duration.ofSeconds(30));

    private static Pod pod(String name, String phase, boolean ready, Instant started, Instant readySince, String request) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withNewResources()
                .addToRequests(request == null ? Map.of() : Map.of("cpu", new io.fabric8.kubernetes.api.model.Quantity(request)))
                .endResources().endContainer().endSpec()
                .withNewStatus().withPhase(phase).withStartTime(started.toString())
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime(readySince.toString()).endCondition().endStatus();
        return b.build();
    }

    private static PodUsage usage(String millicores, Instant at) {
        return new PodUsage(at, Duration.ofSeconds(10), Map.of("main",
                Map.of("cpu", new io.fabric8.kubernetes.api.model.Quantity(millicores).getNumericalAmount().doubleValue())));
    }

    @Test
    void sortsPodsAsKubernetesDoes() {
        Instant longAgo = NOW.minusSeconds(3600);
        List<Pod> pods = List.of(
                pod("ready", "Running", true, longAgo, longAgo.plusSeconds(5), "100m"),
                pod("pending", "Pending", false, longAgo, longAgo, "100m"),
                pod("nometric", "Running", true, longAgo, longAgo, "100m"),
                pod("starting", "Running", true, NOW.minusSeconds(20), NOW.minusSeconds(5), "100m"),
                pod("warm", "Running", true, NOW.minusSeconds(60), NOW.minusSeconds(40), "100m"),
                pod("neverready", "Running", false, longAgo, longAgo.plusSeconds(10), "100m"),
                pod("fellout", "Running", false, longAgo, longAgo.plusSeconds(120), "100m"),
                pod("failed", "Failed", false, longAgo, longAgo, "100m"));
        Map<String, PodUsage> usage = Map.of("ready", usage("50m", NOW), "starting", usage("90m", NOW),
                "warm", usage("20m", NOW), "neverready", usage("5m", NOW), "fellout", usage("80m", NOW));
        Map<String, PodSample.State> states = new java.util.HashMap<>();
        PodSamples.of(pods, usage, "cpu", null, true, TIMINGS, NOW).forEach(s -> states.put(s.name(), s.state()));
        assertEquals(PodSample.State.READY, states.get("ready"));
        assertEquals(PodSample.State.UNREADY, states.get("pending"));
        assertEquals(PodSample.State.MISSING, states.get("nometric"));
        assertEquals(PodSample.State.UNREADY, states.get("starting"), "its reading began before it was ready");
        assertEquals(PodSample.State.READY, states.get("warm"));
        assertEquals(PodSample.State.UNREADY, states.get("neverready"));
        assertEquals(PodSample.State.READY, states.get("fellout"), "busy, not starting: its CPU counts");
        assertEquals(PodSample.State.IGNORED, states.get("failed"));
    }

    @Test
    void aMissingRequestFailsAUtilizationMetric() {
        Pod pod = pod("web", "Running", true, NOW.minusSeconds(3600), NOW.minusSeconds(3600), null);
        MetricUnavailableException e = assertThrows(MetricUnavailableException.class, () -> PodSamples.of(List.of(pod),
                Map.of(), "cpu", null, true, TIMINGS, NOW));
        assertEquals("missing request for cpu in container main of Pod web", e.getMessage());
        assertEquals(1, PodSamples.of(List.of(pod), Map.of(), "cpu", null, false, TIMINGS, NOW).size());
    }
}
