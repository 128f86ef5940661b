package dev.orchestrator.e2e;

import static dev.orchestrator.e2e.RealNodeCluster.ok;
import static dev.orchestrator.e2e.RealNodeCluster.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.testing.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code kubectl logs} against real containers: the API server proxies pods/log to the kubelet's
 * HTTP endpoint on the node's address, which reads the CRI log files containerd writes (rotated by
 * size, here a small one). One cluster for the class; everything it made is removed afterwards.
 */
@ResourceLock(RealNode.HOST)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PodLogsE2E {

    private static final String NODE = "logs-node";
    private static final int INDEX = 245;
    private static final int MAX_LOG_BYTES = 16 * 1024;
    private static final int MAX_LOG_FILES = 3;
    private RealNodeCluster real;
    private Path work;
    private RealNode node;
    private AllInOne cluster;
    private String busybox;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(RealNode.available(), "needs root and containerd (./orch test installs it)");
        real = RealNodeCluster.start(NODE, INDEX, Map.of(), nodeDir -> "containerLogMaxSize=16Ki\n"
                + "containerLogMaxFiles=" + MAX_LOG_FILES + "\ncontainerLogMonitorSeconds=1\n");
        work = real.work;
        node = real.node;
        cluster = real.cluster;
        busybox = real.busybox;
    }

    @AfterAll
    void stop() throws Exception {
        if (real != null) {
            real.close();
        }
    }

    private String jsonpath(String kind, String name, String path) throws Exception {
        return real.jsonpath(kind, name, path);
    }

    private AllInOne.Result logs(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("logs"));
        all.addAll(List.of(args));
        return cluster.kubectl(all.toArray(String[]::new));
    }

    private void create(String json) throws Exception {
        real.create(json);
    }

    /** A pod with one container {@code main} running {@code sh -c script}. */
    private void shPod(String name, String restartPolicy, String script) throws Exception {
        real.shPod(name, restartPolicy, script, 1);
    }

    private void awaitPhase(String pod, String phase) throws Exception {
        real.awaitPhase(pod, phase);
    }

    private String awaitLogs(String what, java.util.function.Predicate<String> done, String... args) throws Exception {
        return Eventually.until(what, 60, () -> logs(args).all(), done);
    }

    @Test
    void theNodePublishesItsKubeletEndpointWhichAnswersHealthz() throws Exception {
        assertEquals("10250", jsonpath("node", NODE, "{.status.daemonEndpoints.kubeletEndpoint.Port}"));
        String ip = jsonpath("node", NODE, "{.status.addresses[?(@.type==\"InternalIP\")].address}");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":10250/healthz"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals("ok", health.body());
        String resources = ok(cluster.kubectl("api-resources", "--api-group=", "-o", "name")).out();
        assertTrue(resources.contains("pods\n"), resources);
        String raw = ok(cluster.kubectl("get", "--raw", "/api/v1")).out();
        assertTrue(raw.contains("\"pods/log\""), raw);
        assertTrue(raw.contains("\"pods/exec\"") && raw.contains("\"pods/attach\"")
                && raw.contains("\"pods/portforward\""), raw); // served: PodStreamsE2E
        assertTrue(!raw.contains("\"nodes/proxy\""), "not served, so not advertised: " + raw);
    }

    @Test
    void logsTailTimestampsSinceAndLimitBytes() throws Exception {
        shPod("counter", "Always", "for i in 1 2 3 4 5; do echo line-$i; done; echo to-stderr >&2; "
                + "i=0; while true; do i=$((i+1)); echo tick-$i; sleep 1; done");
        awaitPhase("counter", "Running");
        String all = awaitLogs("counter logs", s -> s.contains("tick-1"), "counter");
        // containerd copies stdout and stderr concurrently: their relative order is not fixed
        assertTrue(all.contains("to-stderr\n"), all);
        assertTrue(all.replace("to-stderr\n", "").startsWith("line-1\nline-2\nline-3\nline-4\nline-5\ntick-1\n"), all);

        awaitLogs("three ticks", s -> s.contains("tick-3"), "counter"); // so that the last two lines are ticks
        String tail = ok(logs("counter", "--tail=2")).out();
        assertEquals(2, tail.lines().count(), tail);
        assertTrue(tail.lines().allMatch(l -> l.startsWith("tick-")), tail);

        String stamped = ok(logs("counter", "--timestamps", "--tail=3")).out();
        for (String line : stamped.lines().toList()) {
            String[] parts = line.split(" ", 2);
            Instant.parse(parts[0]); // RFC3339 with nanoseconds, as containerd wrote it
            assertTrue(parts[1].startsWith("tick-") || parts[1].startsWith("line-") || parts[1].equals("to-stderr"), line);
        }
        assertEquals(5, ok(logs("counter", "--limit-bytes=5")).out().length());
        assertTrue(ok(logs("counter", "--since=1h")).out().contains("line-1\n"));

        Instant cut = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Thread.sleep(Duration.between(Instant.now(), cut).toMillis() + 100);
        String since = awaitLogs("counter logs since " + cut, s -> s.contains("tick-"), "counter",
                "--since-time=" + cut);
        assertTrue(!since.contains("line-1") && since.startsWith("tick-"), since);
        String recent = awaitLogs("counter logs since 2s", s -> s.contains("tick-"), "counter", "--since=2s");
        assertTrue(!recent.contains("line-1"), recent);
    }

    @Test
    void followSendsLinesWrittenAfterItStartedAndEndsWithTheContainer() throws Exception {
        shPod("follower", "Never", "i=0; while [ $i -lt 12 ]; do i=$((i+1)); echo beat-$i; sleep 1; done");
        awaitPhase("follower", "Running");
        awaitLogs("first beat", s -> s.contains("beat-1"), "follower");
        int seen = maxNumber(ok(logs("follower")).out(), "beat-");
        Path out = work.resolve("follow.out");
        Process follow = cluster.kubectlBackground(out, "logs", "-f", "follower");
        try {
            String followed = Eventually.until("a beat written after the follow started", 60,
                    () -> Files.readString(out), s -> maxNumber(s, "beat-") > seen + 1);
            assertTrue(followed.startsWith("beat-1\n"), followed);
            assertTrue(follow.waitFor(60, TimeUnit.SECONDS), "kubectl logs -f ends when the container does");
            assertEquals(0, follow.exitValue(), Files.readString(out));
            assertTrue(Files.readString(out).endsWith("beat-12\n"), Files.readString(out));
        } finally {
            follow.destroyForcibly();
        }
    }

    private static int maxNumber(String text, String prefix) {
        Matcher m = Pattern.compile(Pattern.quote(prefix) + "(\\d+)").matcher(text);
        int max = 0;
        while (m.find()) {
            max = Math.max(max, Integer.parseInt(m.group(1)));
        }
        return max;
    }

    @Test
    void previousShowsTheContainerBeforeARestart() throws Exception {
        shPod("restarter", "Always", "echo run-$(date +%s%N); sleep 2; exit 1");
        Eventually.until("restarter restarted", 90,
                () -> jsonpath("pod", "restarter", "{.status.containerStatuses[0].restartCount}"),
                c -> !c.startsWith("<") && !c.isEmpty() && Integer.parseInt(c) >= 1);
        String previous = awaitLogs("previous logs", s -> s.startsWith("run-"), "restarter", "--previous");
        String current = awaitLogs("current logs", s -> s.startsWith("run-"), "restarter");
        assertTrue(previous.lines().count() == 1, previous);
        assertNotEquals(previous, current, "the previous instance wrote its own line");

        shPod("steady", "Always", "echo steady; sleep 3600");
        awaitPhase("steady", "Running");
        AllInOne.Result none = logs("steady", "--previous");
        assertNotEquals(0, none.exit());
        assertTrue(none.err().contains("previous terminated container \"main\" in pod \"steady\" not found"), none.err());
    }

    @Test
    void containersByNameAllContainersAndTheErrorsKubectlUsersKnow() throws Exception {
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"two"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "initContainers":[{"name":"setup","image":"%1$s","command":["sh","-c","echo from-setup"]}],
                  "containers":[{"name":"a","image":"%1$s","command":["sh","-c","echo from-a; sleep 3600"]},
                                {"name":"b","image":"%1$s","command":["sh","-c","echo from-b; sleep 3600"]}]}}
                """.formatted(busybox));
        awaitPhase("two", "Running");
        assertEquals("from-b\n", awaitLogs("b", s -> s.contains("from-b"), "two", "-c", "b"));
        assertEquals("from-setup\n", ok(logs("two", "-c", "setup")).out());
        String all = awaitLogs("all containers", s -> s.contains("from-a") && s.contains("from-b"), "two",
                "--all-containers");
        assertTrue(all.contains("from-setup") && all.contains("from-a") && all.contains("from-b"), all);
        AllInOne.Result unknown = logs("two", "-c", "nope");
        assertNotEquals(0, unknown.exit());
        assertTrue(unknown.err().contains("container nope is not valid for pod two"), unknown.err());

        // kubectl picks the first container itself; the API's own answer without one:
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cluster.url() + "/api/v1/namespaces/default/pods/two/log")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, raw.statusCode(), raw.body());
        assertTrue(raw.body().contains("a container name must be specified for pod two, choose one of: [a b] "
                + "or one of the init containers: [setup]") && raw.body().contains("\"kind\":\"Status\""), raw.body());
        HttpResponse<String> negative = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cluster.url() + "/api/v1/namespaces/default/pods/two/log?container=a&tailLines=-1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(422, negative.statusCode(), negative.body());
        assertTrue(negative.body().contains("tailLines: Invalid value: -1"), negative.body());

        AllInOne.Result missing = logs("no-such-pod");
        assertNotEquals(0, missing.exit());
        assertTrue(missing.err().contains("pods \"no-such-pod\" not found"), missing.err());
    }

    @Test
    void aPodThatNeverStartedSaysWhy() throws Exception {
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"no-image"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s/does-not-exist:1"}]}}
                """.formatted(node.registry()));
        Eventually.until("image pull failing", 90,
                () -> jsonpath("pod", "no-image", "{.status.containerStatuses[0].state.waiting.reason}"),
                r -> r.equals("ErrImagePull") || r.equals("ImagePullBackOff"));
        AllInOne.Result r = logs("no-image");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("container \"main\" in pod \"no-image\" is waiting to start:"), r.err());
        assertTrue(r.err().contains("BadRequest"), r.err());

        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"unschedulable"},
                 "spec":{"nodeSelector":{"no":"such-node"},
                  "containers":[{"name":"main","image":"%s"}]}}
                """.formatted(busybox));
        AllInOne.Result pending = logs("unschedulable");
        assertNotEquals(0, pending.exit());
        assertTrue(pending.err().contains("container \"main\" in pod \"unschedulable\" is waiting to start: "
                + "ContainerCreating"), pending.err());
    }

    @Test
    void logsOfADeploymentFindItsPodBySelector() throws Exception {
        create("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
                 "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                  "template":{"metadata":{"labels":{"app":"web"}},
                   "spec":{"containers":[{"name":"main","image":"%s","command":["sh","-c","echo from-web; sleep 3600"]}]}}}}
                """.formatted(busybox));
        ok(cluster.kubectl("rollout", "status", "deployment/web", "--timeout=120s"));
        assertEquals("from-web\n", awaitLogs("deploy/web", s -> s.contains("from-web"), "deploy/web"));
    }

    @Test
    void rotatedLogsStayReadableAndBounded() throws Exception {
        shPod("chatty", "Always", "i=0; while true; do i=$((i+1)); echo \"chat-$i $(printf '%0100d' 0)\"; "
                + "[ $((i % 20)) -eq 0 ] && sleep 0.1; done");
        awaitPhase("chatty", "Running");
        Path follow = work.resolve("chatty.out");
        Process follower = cluster.kubectlBackground(follow, "logs", "-f", "chatty");
        try {
            Path dir = Eventually.until("chatty's log directory", 30, () -> {
                try (Stream<Path> dirs = Files.list(node.podLogs())) {
                    return dirs.filter(d -> d.getFileName().toString().startsWith("default_chatty_")).findFirst()
                            .map(d -> d.resolve("main")).orElse(null);
                }
            }, d -> d != null && Files.isDirectory(d));
            Eventually.until("rotated more than " + MAX_LOG_FILES + " times", 90,
                    () -> Files.readString(follow).length(), n -> n > (MAX_LOG_FILES + 2) * MAX_LOG_BYTES);
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> logFiles = files.toList();
                assertTrue(logFiles.size() <= MAX_LOG_FILES + 1, "at most the configured files (and one being "
                        + "rotated): " + logFiles);
                assertTrue(logFiles.stream().anyMatch(p -> p.getFileName().toString().startsWith("0.log.")), logFiles
                        .toString());
            }
            String followed = Files.readString(follow);
            assertConsecutive(followed.substring(0, followed.lastIndexOf('\n') + 1), 1);

            String all = ok(logs("chatty")).out();
            int first = Integer.parseInt(all.substring(5, all.indexOf(' ')));
            assertTrue(first > 1, "the oldest files were removed");
            assertConsecutive(all, first);
            String tail = ok(logs("chatty", "--tail=3")).out();
            assertEquals(3, tail.lines().count(), tail);
        } finally {
            follower.destroyForcibly();
        }
        ok(cluster.kubectl("delete", "pod", "chatty", "--wait=false"));
    }

    /** Every line is {@code chat-<n> 000…}, numbers without a gap from {@code first}. */
    private static void assertConsecutive(String text, int first) {
        int expected = first;
        for (String line : text.lines().toList()) {
            assertTrue(line.startsWith("chat-" + expected + " ") && line.endsWith("0".repeat(100)),
                    "line " + expected + " expected, got: " + line.substring(0, Math.min(40, line.length())));
            expected++;
        }
        assertTrue(expected > first + 100, "read " + (expected - first) + " lines");
    }
}
