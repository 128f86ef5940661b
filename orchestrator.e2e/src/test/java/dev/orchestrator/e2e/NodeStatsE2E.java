package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.testing.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * The kubelet's network and file system figures on a real node, read from its own endpoint (the API server serves
 * no node proxy): a pod that downloads a file from another pod shows the bytes it received in {@code /stats/summary}
 * and {@code /metrics/cadvisor}, on containerd and (when dockerd is installed) on Docker; an emptyDir holding a
 * 3 MiB file shows it in the pod's volume and ephemeral storage; the node shows its bridge and its file system.
 */
@ResourceLock(RealNode.HOST)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class NodeStatsE2E {

    private static final String NODE = "stats-node";
    private static final int INDEX = 252;
    private static final long FILE_BYTES = 3L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private RealNodeCluster real;
    private boolean docker;
    private String webIp;
    private String kubelet;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(RealNode.available(), "needs root and containerd (./orch test installs it)");
        docker = RealNode.dockerAvailable();
        real = docker ? RealNodeCluster.startWithDocker(NODE, INDEX) : RealNodeCluster.start(NODE, INDEX);
        if (docker) {
            real.create("""
                    {"apiVersion":"node.k8s.io/v1","kind":"RuntimeClass","metadata":{"name":"docker"},"handler":"docker"}
                    """);
        }
        // the file lives in an emptyDir, so that the server's volume shows it too
        real.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},
                 "spec":{"terminationGracePeriodSeconds":1,"volumes":[{"name":"data","emptyDir":{}}],
                  "containers":[{"name":"main","image":"%s","volumeMounts":[{"name":"data","mountPath":"/data"}],
                    "command":["sh","-c","head -c %d /dev/zero > /data/big && echo serving && exec httpd -f -p 8080 -h /data"]}]}}
                """.formatted(real.busybox, FILE_BYTES));
        real.shPod("fetch", "Always", "sleep 3600", 1);
        real.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"hostnet"},
                 "spec":{"hostNetwork":true,"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sleep","3600"]}]}}
                """.formatted(real.busybox));
        real.awaitPhase("web", "Running");
        real.awaitPhase("fetch", "Running");
        real.awaitPhase("hostnet", "Running");
        webIp = real.jsonpath("pod", "web", "{.status.podIP}");
        kubelet = "http://" + real.jsonpath("node", NODE, "{.status.addresses[?(@.type==\"InternalIP\")].address}")
                + ":" + real.jsonpath("node", NODE, "{.status.daemonEndpoints.kubeletEndpoint.Port}");
    }

    @AfterAll
    void stop() throws Exception {
        if (real != null) {
            real.close();
        }
    }

    @Test
    void aDownloadFromAnotherPodShowsAsReceivedBytesOfThePod() throws Exception {
        long before = Eventually.until("fetch's network in the summary", 60, () -> pod(summary(), "fetch"),
                p -> p.path("network").path("rxBytes").isNumber()).at("/network/rxBytes").asLong();
        JsonNode web = pod(summary(), "web");
        long sentBefore = web.at("/network/txBytes").asLong();
        download("fetch");
        JsonNode after = Eventually.until("fetch received the file", 60, () -> pod(summary(), "fetch"),
                p -> p.at("/network/rxBytes").asLong() >= before + FILE_BYTES);
        assertEquals("eth0", after.at("/network/name").asText());
        assertEquals(0, after.at("/network/rxErrors").asLong());
        assertTrue(after.at("/network/interfaces").findValuesAsText("name").contains("eth0"), after.toString());
        assertFalse(after.at("/network/interfaces").findValuesAsText("name").contains("lo"), after.toString());
        Eventually.until("web sent the file", 30, () -> pod(summary(), "web"),
                p -> p.at("/network/txBytes").asLong() >= sentBefore + FILE_BYTES);

        long metric = Eventually.until("container_network_receive_bytes_total of fetch", 30,
                () -> series("container_network_receive_bytes_total",
                        "container=\"POD\",namespace=\"default\",pod=\"fetch\",id=\"[0-9a-f]+\",image=\"\",interface=\"eth0\""),
                v -> v >= before + FILE_BYTES);
        assertTrue(metric >= before + FILE_BYTES, Long.toString(metric));
    }

    @Test
    void aDockerPodsDownloadShowsToo() throws Exception {
        assumeTrue(docker, "needs dockerd (./orch test installs docker.io)");
        real.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"fetch-docker"},
                 "spec":{"runtimeClassName":"docker","terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c",%s]}]}}
                """.formatted(real.busybox, RealNodeCluster.quote("until timeout 30 wget -q -O /dev/null http://"
                + webIp + ":8080/big; do sleep 1; done; echo fetched; sleep 3600")));
        real.awaitPhase("fetch-docker", "Running");
        JsonNode pod = Eventually.until("fetch-docker received the file", 90, () -> pod(summary(), "fetch-docker"),
                p -> p.at("/network/rxBytes").asLong() >= FILE_BYTES);
        assertEquals("eth0", pod.at("/network/name").asText());
        Eventually.until("fetch-docker's log in its stats", 30, () -> pod(summary(), "fetch-docker"),
                p -> p.at("/containers/0/logs/usedBytes").asLong() > 0);
    }

    @Test
    void anEmptyDirWithAFileShowsInThePodsVolumeAndEphemeralStorage() throws Exception {
        JsonNode web = Eventually.until("web's volume in the summary", 60, () -> pod(summary(), "web"),
                p -> p.at("/volume/0/usedBytes").asLong() >= FILE_BYTES
                        && p.at("/containers/0/logs/usedBytes").asLong() > 0);
        JsonNode volume = web.at("/volume/0");
        assertEquals("data", volume.path("name").asText());
        assertTrue(volume.path("inodesUsed").asLong() >= 2, volume.toString());
        assertTrue(volume.path("capacityBytes").asLong() >= volume.path("availableBytes").asLong(), volume.toString());
        JsonNode ephemeral = web.path("ephemeral-storage");
        long logs = web.at("/containers/0/logs/usedBytes").asLong();
        assertTrue(ephemeral.path("usedBytes").asLong() >= FILE_BYTES + logs, web.toString());
        assertTrue(ephemeral.path("capacityBytes").asLong() > 0, web.toString());
        assertTrue(web.at("/containers/0/rootfs").isMissingNode(), "no writable layer figure from the runtime");

        long logMetric = Eventually.until("container_fs_usage_bytes of web", 30, () -> series("container_fs_usage_bytes",
                "container=\"main\",namespace=\"default\",pod=\"web\",id=\"[0-9a-f]+\",image=\"[^\"]+\",device=\"[^\"]*\""),
                v -> v > 0);
        assertTrue(logMetric > 0);
    }

    @Test
    void theNodeShowsItsBridgeAndItsFileSystemAndHostNetworkPodsHaveNoNetworkOfTheirOwn() throws Exception {
        JsonNode node = Eventually.until("node network and fs in the summary", 60, () -> summary().path("node"),
                n -> n.path("network").has("rxBytes") && n.path("fs").has("capacityBytes"));
        assertEquals("orch" + INDEX, node.at("/network/name").asText(), node.toString());
        List<String> names = node.at("/network/interfaces").findValuesAsText("name");
        assertTrue(names.contains("orch" + INDEX), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.equals("lo") || n.startsWith("veth")), names.toString());
        JsonNode fs = node.path("fs");
        assertTrue(fs.path("capacityBytes").asLong() > 0, fs.toString());
        assertTrue(fs.path("availableBytes").asLong() <= fs.path("capacityBytes").asLong(), fs.toString());
        assertTrue(fs.path("usedBytes").asLong() > 0 && fs.path("inodesUsed").asLong() > 0, fs.toString());
        assertEquals(fs.path("inodes").asLong(), fs.path("inodesUsed").asLong() + fs.path("inodesFree").asLong(),
                fs.toString());

        JsonNode hostnet = Eventually.until("hostnet in the summary", 60, () -> pod(summary(), "hostnet"),
                p -> !p.isMissingNode());
        assertTrue(hostnet.path("network").isMissingNode(), "the node's counters are not the pod's: " + hostnet);

        String text = get("/metrics/cadvisor");
        assertTrue(text.contains("# TYPE container_network_receive_bytes_total counter"), text);
        assertTrue(Pattern.compile("container_fs_usage_bytes\\{container=\"\",namespace=\"\",pod=\"\",id=\"/\","
                + "image=\"\",device=\"[^\"]+\"} [1-9]\\d* \\d+").matcher(text).find(), text);
        assertTrue(text.contains(",interface=\"orch" + INDEX + "\"} "), text);
    }

    /** Runs a download of the web pod's file inside a containerd pod. */
    private void download(String pod) throws Exception {
        AllInOne.Result r = real.cluster.kubectl("exec", pod, "--", "sh", "-c",
                "timeout 30 wget -q -O /dev/null http://" + webIp + ":8080/big && echo fetched");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("fetched"), r.out() + r.err());
    }

    private JsonNode summary() throws Exception {
        return JSON.readTree(get("/stats/summary"));
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(kubelet + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    /** The pod's entry in a summary; a missing node when the pod is not there (yet). */
    private static JsonNode pod(JsonNode summary, String name) {
        for (JsonNode p : summary.path("pods")) {
            if (name.equals(p.at("/podRef/name").asText())) {
                return p;
            }
        }
        return summary.path("no such pod");
    }

    /** The value of the one series of {@code name} whose labels match, -1 when there is none. */
    private long series(String name, String labels) throws Exception {
        Matcher m = Pattern.compile("^" + name + "\\{" + labels + "} (\\d+) \\d+$", Pattern.MULTILINE)
                .matcher(get("/metrics/cadvisor"));
        List<Long> values = new ArrayList<>();
        while (m.find()) {
            values.add(Long.parseLong(m.group(1)));
        }
        return values.size() == 1 ? values.get(0) : -1;
    }
}
