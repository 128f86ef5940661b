package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.testing.Eventually;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The HorizontalPodAutoscaler on a real node: a Deployment whose pods request 100m CPU and spin while a flag
 * file exists; {@code kubectl autoscale --cpu-percent=50 --min=1 --max=3} scales it up once one pod spins
 * (its usage comes from metrics.k8s.io, i.e. the kubelet's stats of containerd) and back down when the spinning
 * stops. The controller runs with a 3 s sync period and a 10 s downscale stabilization (instead of 15 s and
 * 5 min) so the round trip fits in a couple of minutes.
 */
@ResourceLock(RealNode.HOST)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AutoscalerE2E {

    private static final String NODE = "hpa-node";
    private static final int INDEX = 254;
    private static final ObjectMapper JSON = new ObjectMapper();
    private RealNodeCluster real;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(RealNode.available(), "needs root and containerd (./orch test installs it)");
        real = RealNodeCluster.start(NODE, INDEX, Map.of("orchestrator.controllers.hpa.cfg", String.join("\n",
                "syncPeriodSeconds=3", "downscaleStabilizationSeconds=10", "cpuInitializationPeriodSeconds=20",
                "initialReadinessDelaySeconds=5", "")));
        // spins while /tmp/load exists, else sleeps; the pods request 100m, so one spinning pod is far above 50 %
        String script = "while :; do if [ -f /tmp/load ]; then :; else sleep 1; fi; done";
        real.create("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"burner"},
                 "spec":{"replicas":1,"selector":{"matchLabels":{"app":"burner"}},
                  "template":{"metadata":{"labels":{"app":"burner"}},
                   "spec":{"terminationGracePeriodSeconds":1,
                    "containers":[{"name":"main","image":"%s","command":["sh","-c",%s],
                      "resources":{"requests":{"cpu":"100m","memory":"16Mi"},"limits":{"cpu":"300m","memory":"32Mi"}}}]}}}}
                """.formatted(real.busybox, RealNodeCluster.quote(script)));
        awaitReady(1);
    }

    @AfterAll
    void stop() throws Exception {
        if (real != null) {
            real.close();
        }
    }

    private void awaitReady(int replicas) throws Exception {
        Eventually.until("deployment burner has " + replicas + " ready replicas", 120,
                () -> real.jsonpath("deployment", "burner", "{.spec.replicas}/{.status.readyReplicas}"),
                (replicas + "/" + replicas)::equals);
    }

    private JsonNode hpa(String name) throws Exception {
        return JSON.readTree(real.ok("get", "hpa", name, "-o", "json").out());
    }

    private static String condition(JsonNode hpa, String type) {
        for (JsonNode c : hpa.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c.path("status").asText() + "/" + c.path("reason").asText();
            }
        }
        return "<none>";
    }

    @Test
    void scalesUpUnderLoadAndBackDownWhenItStops() throws Exception {
        String sent = real.ok("autoscale", "deployment", "burner", "--cpu-percent=50", "--min=1", "--max=3",
                "--dry-run=client", "-o", "jsonpath={.apiVersion}").out();
        System.out.println("kubectl autoscale sends " + sent);
        real.ok("autoscale", "deployment", "burner", "--cpu-percent=50", "--min=1", "--max=3");
        String idle = Eventually.until("kubectl get hpa shows the measured CPU", 90,
                () -> real.cluster.kubectl("get", "hpa", "burner").out(), o -> o.matches("(?s).*cpu: \\d+%/50%.*"));
        assertTrue(idle.lines().findFirst().orElse("").matches("NAME\\s+REFERENCE\\s+TARGETS\\s+MINPODS\\s+MAXPODS\\s+"
                + "REPLICAS\\s+AGE\\s*"), idle);
        assertTrue(idle.contains("Deployment/burner"), idle);
        assertEquals("True/ValidMetricFound", condition(hpa("burner"), "ScalingActive"));

        String pod = real.ok("get", "pods", "-l", "app=burner", "-o", "jsonpath={.items[0].metadata.name}").out().trim();
        long start = System.nanoTime();
        real.ok("exec", pod, "--", "touch", "/tmp/load");
        Eventually.until("the HPA scales burner up", 120,
                () -> real.jsonpath("deployment", "burner", "{.status.readyReplicas}"), r -> r.matches("[2-9]"));
        System.out.printf("HPA reaction: load start -> new replicas ready: %.1f s%n", (System.nanoTime() - start) / 1e9);
        awaitReady(3);
        JsonNode up = hpa("burner");
        assertEquals(3, up.at("/status/desiredReplicas").asInt(), up.toString());
        assertFalse(up.at("/status/lastScaleTime").asText().isEmpty(), up.toString());
        String events = real.ok("get", "events", "--field-selector", "reason=SuccessfulRescale", "-o",
                "jsonpath={.items[*].message}").out();
        assertTrue(events.contains("New size: 3; reason: cpu resource utilization (percentage of request) above target"),
                events);
        String counts = real.ok("get", "events", "--field-selector", "reason=SuccessfulRescale", "-o",
                "jsonpath={range .items[*]}{.message}={.count};{end}").out();
        assertTrue(counts.contains("above target=1;"), "one rescale to 3, not one per evaluation: " + counts);

        // status.currentReplicas catches up with the target's status at the next evaluation
        String table = Eventually.until("kubectl get hpa shows 3 replicas", 30,
                () -> real.ok("get", "hpa", "burner", "--no-headers").out(),
                t -> t.matches("burner\\s+Deployment/burner\\s+cpu: \\d+%/50%\\s+1\\s+3\\s+3\\s+\\S+\\s*"));
        assertTrue(table.contains("Deployment/burner"), table);
        AllInOne.Result all = real.cluster.kubectl("get", "all");
        assertTrue(all.out().contains("horizontalpodautoscaler.autoscaling/burner"), all.out() + all.err());
        String described = real.ok("describe", "hpa", "burner").out();
        assertTrue(described.contains("Deployment/burner") && described.contains("SuccessfulRescale")
                && described.contains("ScalingLimited"), described);
        long stop = System.nanoTime();
        real.ok("exec", pod, "--", "rm", "/tmp/load");
        Eventually.until("the HPA scales burner back to 1", 120,
                () -> real.jsonpath("deployment", "burner", "{.spec.replicas}"), "1"::equals);
        System.out.printf("HPA reaction: load stop -> scaled back to 1 (10 s stabilization): %.1f s%n",
                (System.nanoTime() - stop) / 1e9);
        String down = real.ok("get", "events", "--field-selector", "reason=SuccessfulRescale", "-o",
                "jsonpath={.items[*].message}").out();
        assertTrue(down.contains("New size: 1; reason: All metrics below target"), down);
    }

    @Test
    void anHpaOnAMissingDeploymentCannotScale() throws Exception {
        real.create("""
                {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"ghost"},
                 "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"ghost"},"maxReplicas":2}}
                """);
        JsonNode ghost = Eventually.until("ghost's AbleToScale is False", 60, () -> hpa("ghost"),
                h -> condition(h, "AbleToScale").equals("False/FailedGetScale"));
        String message = ghost.at("/status/conditions/0/message").asText();
        assertTrue(message.startsWith("the HPA controller was unable to get the target's current scale: "), message);
        assertTrue(message.contains("\"ghost\" not found"), message);
        String events = Eventually.until("a FailedGetScale event", 30, () -> real.ok("get", "events", "--field-selector",
                "involvedObject.name=ghost", "-o", "jsonpath={.items[*].reason}/{.items[*].type}").out(),
                e -> e.contains("FailedGetScale"));
        assertTrue(events.contains("Warning"), events);
        assertTrue(real.ok("get", "hpa", "ghost").out().contains("cpu: <unknown>/80%"));
        real.ok("delete", "hpa", "ghost");
    }

    @Test
    void aV2ObjectReadsAsV1WithItsV2OnlyFieldsInAnnotations() throws Exception {
        real.create("""
                {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"both"},
                 "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"none"},"maxReplicas":5,
                  "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":70}}},
                   {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"64Mi"}}}]}}
                """);
        JsonNode v1 = JSON.readTree(real.ok("get", "--raw",
                "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/both").out());
        assertEquals("autoscaling/v1", v1.path("apiVersion").asText());
        assertEquals(70, v1.at("/spec/targetCPUUtilizationPercentage").asInt());
        assertEquals(1, v1.at("/spec/minReplicas").asInt());
        assertTrue(v1.at("/metadata/annotations").path("autoscaling.alpha.kubernetes.io/metrics").asText().contains("64Mi"),
                v1.toString());
        String watched = real.ok("get", "--raw", "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers"
                + "?watch=true&timeoutSeconds=1").out();
        JsonNode added = JSON.readTree(watched.lines().filter(l -> l.contains("\"both\"")).findFirst().orElseThrow());
        assertEquals("ADDED", added.path("type").asText());
        assertEquals("autoscaling/v1", added.at("/object/apiVersion").asText(), watched);
        assertEquals(70, added.at("/object/spec/targetCPUUtilizationPercentage").asInt(), watched);
        assertTrue(real.ok("get", "horizontalpodautoscalers.v1.autoscaling", "both", "-o",
                "jsonpath={.spec.targetCPUUtilizationPercentage}").out().equals("70"));
        real.ok("patch", "horizontalpodautoscalers.v1.autoscaling", "both", "--type=merge", "-p",
                "{\"spec\":{\"targetCPUUtilizationPercentage\":60}}");
        JsonNode v2 = hpa("both");
        assertEquals("autoscaling/v2", v2.path("apiVersion").asText());
        assertEquals(60, v2.at("/spec/metrics/0/resource/target/averageUtilization").asInt());
        assertEquals("memory", v2.at("/spec/metrics/1/resource/name").asText(), v2.toString());
        String resources = real.ok("api-resources", "--api-group=autoscaling").out();
        assertTrue(resources.lines().anyMatch(l -> l.matches("horizontalpodautoscalers\\s+hpa\\s+autoscaling/v2\\s+true\\s+"
                + "HorizontalPodAutoscaler\\s*")), resources);
        AllInOne.Result invalid = real.cluster.kubectlWithInput("""
                {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"bad"},
                 "spec":{"scaleTargetRef":{"kind":"Deployment","name":"x"},"maxReplicas":0}}
                """, "create", "-f", "-");
        assertTrue(invalid.err().contains("spec.maxReplicas: Invalid value: 0: must be greater than 0"), invalid.err());
        real.ok("delete", "hpa", "both");
    }
}
