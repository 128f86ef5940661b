package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code kubectl top} on a real node: the API server serves {@code metrics.k8s.io/v1beta1} from the kubelet's
 * Summary API (its usage sampler reads containerd's stats every 10 s), so a pod spinning a CPU shows more CPU
 * than a sleeping one, the node shows its CPU and memory, and what has no usage is a clear NotFound.
 */
@ResourceLock(RealNode.HOST)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MetricsE2E {

    private static final String NODE = "metrics-node";
    private static final int INDEX = 250;
    private static final Pattern TOP_POD = Pattern.compile("^(\\S+)\\s+(\\d+)m\\s+(\\d+)Mi\\s*$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private RealNodeCluster real;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(RealNode.available(), "needs root and containerd (./orch test installs it)");
        real = RealNodeCluster.start(NODE, INDEX);
        pod("busy", "while :; do :; done", "500m");
        pod("idle", "sleep 3600", "100m");
        real.awaitPhase("busy", "Running");
        real.awaitPhase("idle", "Running");
    }

    @AfterAll
    void stop() throws Exception {
        if (real != null) {
            real.close();
        }
    }

    private void pod(String name, String script, String cpuLimit) throws Exception {
        real.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"%s","tier":"metrics"}},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c",%s],
                    "resources":{"limits":{"cpu":"%s","memory":"32Mi"}}}]}}
                """.formatted(name, name, real.busybox, RealNodeCluster.quote(script), cpuLimit));
    }

    /** {@code kubectl top pods} as pod name → millicores, once both pods are listed with the busy one ahead. */
    private Map<String, Integer> awaitBusyAboveIdle(String binary) throws Exception {
        return Eventually.until("kubectl top pods lists busy above idle (" + binary + ")", 90,
                () -> topPods(binary), m -> m.containsKey("busy") && m.containsKey("idle")
                        && m.get("busy") > m.get("idle"));
    }

    private Map<String, Integer> topPods(String binary) throws Exception {
        AllInOne.Result r = real.cluster.kubectlBinary(binary, null, "top", "pods", "--no-headers");
        Map<String, Integer> cpu = new LinkedHashMap<>();
        for (String line : r.out().lines().toList()) {
            Matcher m = TOP_POD.matcher(line);
            if (m.matches()) {
                cpu.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        if (r.exit() != 0) {
            cpu.put("<" + r.err().trim() + ">", -1); // shown if the wait times out
        }
        return cpu;
    }

    @Test
    void topPodsShowsTheSpinningPodAboveTheSleepingOne() throws Exception {
        Map<String, Integer> cpu = awaitBusyAboveIdle("kubectl");
        assertTrue(cpu.get("busy") > cpu.get("idle"), cpu.toString());
        String table = real.ok("top", "pods").out();
        assertTrue(table.startsWith("NAME"), table);
        assertTrue(table.contains("CPU(cores)") && table.contains("MEMORY(bytes)"), table);
        String selected = real.ok("top", "pods", "-l", "app=idle", "--no-headers").out();
        assertTrue(selected.startsWith("idle ") && !selected.contains("busy"), selected);
        String everywhere = real.ok("top", "pods", "-A", "--no-headers").out();
        assertTrue(everywhere.lines().anyMatch(l -> l.startsWith("default ") && l.contains(" busy ")), everywhere);
    }

    @Test
    void topNodesShowsTheNodesCpuAndMemory() throws Exception {
        awaitBusyAboveIdle("kubectl");
        String nodes = Eventually.until("kubectl top nodes shows " + NODE, 90,
                () -> real.cluster.kubectl("top", "nodes").all(), o -> o.contains(NODE));
        // NAME  CPU(cores)  CPU(%)  MEMORY(bytes)  MEMORY(%)
        assertTrue(nodes.lines().anyMatch(l -> l.matches(NODE + "\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%\\s*")), nodes);
        String one = real.ok("top", "node", NODE, "--no-headers").out();
        assertTrue(one.startsWith(NODE), one);
        AllInOne.Result missing = real.cluster.kubectl("top", "node", "no-such-node");
        assertNotEquals(0, missing.exit());
        assertTrue(missing.err().contains("nodemetrics.metrics.k8s.io \"no-such-node\" not found"), missing.err());
    }

    @Test
    void topPodContainersAndARawGetOfThePodMetrics() throws Exception {
        awaitBusyAboveIdle("kubectl");
        String containers = real.ok("top", "pod", "busy", "--containers").out();
        assertTrue(containers.lines().findFirst().orElse("").matches("POD\\s+NAME\\s+CPU\\(cores\\)\\s+MEMORY\\(bytes\\)\\s*"),
                containers);
        assertTrue(containers.lines().anyMatch(l -> l.matches("busy\\s+main\\s+\\d+m\\s+\\d+Mi\\s*")), containers);

        JsonNode raw = JSON.readTree(real.ok("get", "--raw",
                "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/busy").out());
        assertEquals("PodMetrics", raw.path("kind").asText());
        assertEquals("metrics.k8s.io/v1beta1", raw.path("apiVersion").asText());
        assertEquals("busy", raw.at("/metadata/name").asText());
        assertEquals("default", raw.at("/metadata/namespace").asText());
        assertEquals("metrics", raw.at("/metadata/labels/tier").asText());
        assertEquals("10s", raw.path("window").asText());
        Instant.parse(raw.path("timestamp").asText());
        assertEquals("main", raw.at("/containers/0/name").asText());
        assertTrue(raw.at("/containers/0/usage/cpu").asText().matches("\\d+[num]?"), raw.toString());
        assertTrue(raw.at("/containers/0/usage/memory").asText().matches("\\d+(k|Ki|Mi)?"), raw.toString());

        String table = real.ok("get", "pods.metrics.k8s.io").out();
        assertTrue(table.lines().findFirst().orElse("").matches("NAME\\s+CPU\\s+MEMORY\\s+WINDOW\\s*"), table);
        assertTrue(table.contains("busy") && table.contains("idle"), table);
    }

    @Test
    void whatHasNoUsageIsAClearNotFoundAndWritesAreRefused() throws Exception {
        AllInOne.Result missing = real.cluster.kubectl("top", "pod", "missing");
        assertNotEquals(0, missing.exit());
        assertTrue(missing.err().contains("Error from server (NotFound): podmetrics.metrics.k8s.io \"default/missing\" "
                + "not found"), missing.err());
        AllInOne.Result delete = real.cluster.kubectl("delete", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes/" + NODE);
        assertNotEquals(0, delete.exit());
        assertTrue(delete.err().contains("MethodNotAllowed"), delete.err());
        AllInOne.Result watch = real.cluster.kubectl("get", "--raw",
                "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?watch=true");
        assertNotEquals(0, watch.exit());
        assertTrue(watch.err().contains("MethodNotAllowed"), watch.err());
        String resources = real.ok("api-resources", "--api-group=metrics.k8s.io", "-o", "wide").out();
        assertTrue(resources.lines().anyMatch(l -> l.matches("nodes\\s+metrics.k8s.io/v1beta1\\s+false\\s+NodeMetrics\\s+get,list.*")),
                resources);
        assertTrue(resources.lines().anyMatch(l -> l.matches("pods\\s+metrics.k8s.io/v1beta1\\s+true\\s+PodMetrics\\s+get,list.*")),
                resources);
    }

    @Test
    void olderAndNewerKubectlShowTheSame() throws Exception {
        for (String version : new String[] {"1.27", "1.33"}) {
            Path binary = AllInOne.versionedKubectl(version);
            assumeTrue(Files.isExecutable(binary), binary + " is not installed");
            awaitBusyAboveIdle(binary.toString());
            AllInOne.Result nodes = real.cluster.kubectlBinary(binary.toString(), null, "top", "nodes", "--no-headers");
            assertEquals(0, nodes.exit(), version + ": " + nodes.err());
            assertTrue(nodes.out().startsWith(NODE), version + ": " + nodes.out());
        }
    }

    @Test
    void fabric8ReadsTheSameMetrics() throws Exception {
        awaitBusyAboveIdle("kubectl");
        try (KubernetesClient client = real.cluster.fabric8Client()) {
            PodMetrics busy = client.top().pods().metrics("default", "busy");
            assertEquals("main", busy.getContainers().get(0).getName());
            assertTrue(busy.getContainers().get(0).getUsage().get("cpu").getNumericalAmount().signum() > 0,
                    busy.toString());
            assertTrue(client.top().pods().metrics("default").getItems().size() >= 2);
            NodeMetrics node = client.top().nodes().metrics(NODE);
            assertTrue(node.getUsage().get("memory").getNumericalAmount().signum() > 0, node.toString());
            assertEquals(1, client.top().nodes().metrics().getItems().size());
        }
    }
}
