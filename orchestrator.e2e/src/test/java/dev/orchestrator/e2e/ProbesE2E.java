package dev.orchestrator.e2e;

import static dev.orchestrator.e2e.RealNodeCluster.ok;
import static dev.orchestrator.e2e.RealNodeCluster.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.testing.Eventually;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Container probes on a real node (containerd, runc, busybox pods), seen through real kubectl:
 * liveness failures restart with back-off and say so in events, readiness drives READY and the
 * pod's conditions, a startup probe holds liveness off, and each handler (httpGet with a named
 * port and a header, tcpSocket, exec, grpc) works or fails as Kubernetes' does. One cluster for
 * the class; everything it made is removed afterwards.
 */
@ResourceLock(RealNode.HOST)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ProbesE2E {

    private static final String NODE = "probe-node";
    private static final int INDEX = 244;
    private RealNodeCluster real;
    private AllInOne cluster;
    private String busybox;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(RealNode.available(), "needs root and containerd (./orch test installs it)");
        real = RealNodeCluster.start(NODE, INDEX);
        cluster = real.cluster;
        busybox = real.busybox;
    }

    @AfterAll
    void stop() throws Exception {
        if (real != null) {
            real.close();
        }
    }

    private String jsonpath(String name, String kind, String path) throws Exception {
        return real.jsonpath(kind, name, path);
    }

    private String pod(String name, String path) throws Exception {
        return jsonpath(name, "pod", path);
    }

    /** A pod with one container "main" running {@code sh -c script}, with the given container fields. */
    private void create(String name, String script, String containerFields) throws Exception {
        ok(cluster.kubectlWithInput("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c",%s]%s}]}}
                """.formatted(name, busybox, quote(script), containerFields.isEmpty() ? "" : "," + containerFields),
                "create", "-f", "-"));
    }

    private int restarts(String name) throws Exception {
        String n = pod(name, "{.status.containerStatuses[0].restartCount}");
        return n.matches("\\d+") ? Integer.parseInt(n) : -1;
    }

    /** The pod's events as "reason: message" lines, oldest first (by first timestamp, then name). */
    private List<String> events(String name) throws Exception {
        String out = ok(cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=" + name,
                "--sort-by=.firstTimestamp", "-o",
                "jsonpath={range .items[*]}{.reason}: {.message}{\"\\n\"}{end}")).out();
        return new ArrayList<>(out.lines().toList());
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private String readyColumn(String name) throws Exception {
        String table = ok(cluster.kubectl("get", "pod", name, "--no-headers")).out().trim();
        return table.split("\\s+")[1];
    }

    @Test
    void aFailingHttpLivenessProbeRestartsTheContainerWithBackOff() throws Exception {
        create("liveness-http", "exec httpd -f -p 80 -h /www", """
                "livenessProbe":{"httpGet":{"path":"/missing.html","port":80},"periodSeconds":1,"failureThreshold":2,
                                 "terminationGracePeriodSeconds":1}""");
        Eventually.until("two restarts", 120, () -> restarts("liveness-http"), n -> n >= 2);
        List<String> events = Eventually.until("Unhealthy, Killing and BackOff events", 30, () -> events("liveness-http"),
                e -> indexOf(e, "Killing: Container main failed liveness probe") >= 0 && indexOf(e, "BackOff:") >= 0);
        int unhealthy = indexOf(events, "Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 404");
        int killing = indexOf(events, "Killing: Container main failed liveness probe, will be restarted");
        assertTrue(unhealthy >= 0 && unhealthy <= killing, String.join("\n", events));
        String described = ok(cluster.kubectl("describe", "pod", "liveness-http")).out();
        assertTrue(described.contains("Liveness probe failed: HTTP probe failed with statuscode: 404"), described);
        assertTrue(!pod("liveness-http", "{.status.containerStatuses[0].lastState.terminated.finishedAt}").isEmpty());
    }

    @Test
    void readinessFollowsAnExecProbe() throws Exception {
        create("ready-exec", "sleep 15; touch /tmp/ready; exec sleep 3600", """
                "readinessProbe":{"exec":{"command":["cat","/tmp/ready"]},"periodSeconds":1}""");
        Eventually.until("Running", 60, () -> pod("ready-exec", "{.status.phase}"), "Running"::equals);
        assertEquals("False", pod("ready-exec", "{.status.conditions[?(@.type==\"Ready\")].status}"));
        assertEquals("False", pod("ready-exec", "{.status.conditions[?(@.type==\"ContainersReady\")].status}"));
        assertEquals("false", pod("ready-exec", "{.status.containerStatuses[0].ready}"));
        assertEquals("true", pod("ready-exec", "{.status.containerStatuses[0].started}"));
        assertEquals("0/1", readyColumn("ready-exec"));
        Eventually.until("Ready once /tmp/ready exists", 60,
                () -> pod("ready-exec", "{.status.conditions[?(@.type==\"Ready\")].status}"), "True"::equals);
        assertEquals("1/1", readyColumn("ready-exec"));
        assertEquals("true", pod("ready-exec", "{.status.containerStatuses[0].ready}"));
        assertTrue(indexOf(events("ready-exec"), "Unhealthy: Readiness probe failed: cat: can't open '/tmp/ready'") >= 0,
                String.join("\n", events("ready-exec")));
        assertEquals(0, restarts("ready-exec"));
    }

    @Test
    void readinessOverHttpWithANamedPortAndAHeader() throws Exception {
        create("ready-http", "httpd -p 80 -h /www; sleep 12; echo ok > /www/ready.html; exec sleep 3600", """
                "ports":[{"name":"web","containerPort":80}],
                "readinessProbe":{"httpGet":{"path":"/ready.html","port":"web",
                                             "httpHeaders":[{"name":"X-Probe","value":"orchestrator"}]},
                                  "periodSeconds":1}""");
        Eventually.until("Running", 60, () -> pod("ready-http", "{.status.phase}"), "Running"::equals);
        assertEquals("0/1", readyColumn("ready-http"));
        Eventually.until("Ready once ready.html is served", 60,
                () -> pod("ready-http", "{.status.conditions[?(@.type==\"Ready\")].status}"), "True"::equals);
        assertTrue(indexOf(events("ready-http"), "Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 404")
                >= 0, String.join("\n", events("ready-http")));
    }

    @Test
    void aStartupProbeHoldsLivenessOffUntilItPasses() throws Exception {
        create("slow-start", "sleep 12; touch /tmp/started; exec sleep 3600", """
                "startupProbe":{"exec":{"command":["cat","/tmp/started"]},"periodSeconds":1,"failureThreshold":60},
                "livenessProbe":{"exec":{"command":["cat","/tmp/started"]},"periodSeconds":1,"failureThreshold":1}""");
        Eventually.until("Running", 60, () -> pod("slow-start", "{.status.phase}"), "Running"::equals);
        assertEquals("false", pod("slow-start", "{.status.containerStatuses[0].started}"));
        assertEquals("false", pod("slow-start", "{.status.containerStatuses[0].ready}"));
        Eventually.until("started", 60, () -> pod("slow-start", "{.status.containerStatuses[0].started}"), "true"::equals);
        Eventually.until("Ready", 30, () -> pod("slow-start", "{.status.conditions[?(@.type==\"Ready\")].status}"),
                "True"::equals);
        Thread.sleep(3000); // liveness now runs every second: it passes, so nothing restarts
        assertEquals(0, restarts("slow-start"));
        List<String> events = events("slow-start");
        assertTrue(indexOf(events, "Unhealthy: Startup probe failed") >= 0, String.join("\n", events));
        assertEquals(-1, indexOf(events, "Unhealthy: Liveness probe failed"), String.join("\n", events));
        assertEquals(-1, indexOf(events, "Killing"), String.join("\n", events));
    }

    @Test
    void tcpSocketProbesPassOnAnOpenPortAndKillOnAClosedOne() throws Exception {
        create("tcp-open", "exec httpd -f -p 80 -h /www", """
                "readinessProbe":{"tcpSocket":{"port":80},"periodSeconds":1}""");
        create("tcp-closed", "exec httpd -f -p 80 -h /www", """
                "livenessProbe":{"tcpSocket":{"port":8081},"periodSeconds":1,"failureThreshold":1}""");
        Eventually.until("tcp-open Ready", 60, () -> pod("tcp-open", "{.status.conditions[?(@.type==\"Ready\")].status}"),
                "True"::equals);
        Eventually.until("tcp-closed restarted", 90, () -> restarts("tcp-closed"), n -> n >= 1);
        String ip = pod("tcp-closed", "{.status.podIP}");
        List<String> events = events("tcp-closed");
        assertTrue(indexOf(events, "Unhealthy: Liveness probe failed: dial tcp ") >= 0
                && events.stream().anyMatch(e -> e.contains(":8081: connect: connection refused")), String.join("\n", events) + ip);
        assertTrue(indexOf(events, "Killing: Container main failed liveness probe, will be restarted") >= 0,
                String.join("\n", events));
        assertEquals(0, restarts("tcp-open"));
    }

    @Test
    void aGrpcProbeAtAPortWithoutServerFailsAndRestarts() throws Exception {
        create("grpc-none", "exec sleep 3600", """
                "livenessProbe":{"grpc":{"port":9090},"periodSeconds":1,"failureThreshold":2}""");
        Eventually.until("grpc-none restarted", 90, () -> restarts("grpc-none"), n -> n >= 1);
        List<String> events = events("grpc-none");
        assertTrue(indexOf(events, "Unhealthy: Liveness probe failed: failed to connect service ") >= 0,
                String.join("\n", events));
        assertTrue(indexOf(events, "Killing: Container main failed liveness probe, will be restarted") >= 0,
                String.join("\n", events));
    }

    /**
     * A new kubelet (the kubelet bundle updated under a running pod) probes from scratch: the pod
     * may turn unready until its first probes pass, but no container is killed or restarted.
     */
    @Test
    void aNewKubeletProbesAfreshAndRestartsNothing() throws Exception {
        create("probed-survivor", "exec httpd -f -p 80 -h /www", """
                "startupProbe":{"exec":{"command":["cat","/www/index.html"]},"periodSeconds":1},
                "livenessProbe":{"tcpSocket":{"port":80},"periodSeconds":1,"failureThreshold":1},
                "readinessProbe":{"httpGet":{"path":"/index.html","port":80},"periodSeconds":1}""");
        Eventually.until("Ready", 60, () -> pod("probed-survivor", "{.status.conditions[?(@.type==\"Ready\")].status}"),
                "True"::equals);
        String id = pod("probed-survivor", "{.status.containerStatuses[0].containerID}");
        String started = "kubelet watching its pods";
        int seen = occurrences(cluster.log(), started);
        AllInOne.Result upgraded = cluster.upgradeBundle("orchestrator.kubelet");
        assertEquals(0, upgraded.exit(), upgraded.all());
        Eventually.until("the new kubelet watching its pods", 60, () -> occurrences(cluster.log(), started), n -> n > seen);
        Eventually.until("Ready again", 60, () -> pod("probed-survivor",
                "{.status.conditions[?(@.type==\"Ready\")].status}/{.status.containerStatuses[0].started}"),
                "True/true"::equals);
        Thread.sleep(3000); // liveness runs every second: a wrong kill would show by now
        assertEquals(id, pod("probed-survivor", "{.status.containerStatuses[0].containerID}"));
        assertEquals(0, restarts("probed-survivor"));
        assertEquals(-1, indexOf(events("probed-survivor"), "Killing"), String.join("\n", events("probed-survivor")));
    }

    private static int occurrences(String text, String line) {
        int n = 0;
        for (int i = text.indexOf(line); i >= 0; i = text.indexOf(line, i + 1)) {
            n++;
        }
        return n;
    }
}
