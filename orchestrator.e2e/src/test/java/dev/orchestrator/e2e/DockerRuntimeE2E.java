package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pods on Docker through a RuntimeClass: an all-in-one whose node has its containerd (the default runtime) and a
 * dockerd beside it (both made by node/node-env.sh, one CNI bridge), and a RuntimeClass {@code docker} with handler
 * {@code docker}. Pods naming the class run in dockerd, the others in containerd, side by side; real kubectl drives
 * it. One cluster for the whole class; everything it made is removed afterwards.
 */
@ResourceLock(RealNode.HOST)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DockerRuntimeE2E {

    private static final String NODE = "docker-node";
    private static final int INDEX = 246;
    private RealNodeCluster c;
    private RealNode node;
    private AllInOne cluster;
    private String busybox;
    private KubectlStreams streams;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(RealNode.dockerAvailable(), "needs root, containerd and dockerd (./orch test installs them)");
        c = RealNodeCluster.startWithDocker(NODE, INDEX);
        node = c.node;
        cluster = c.cluster;
        busybox = c.busybox;
        streams = new KubectlStreams(cluster, c.work);
        c.create("""
                {"apiVersion":"node.k8s.io/v1","kind":"RuntimeClass","metadata":{"name":"docker"},"handler":"docker"}
                """);
    }

    @AfterAll
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    private String jsonpath(String kind, String name, String path) throws Exception {
        return c.jsonpath(kind, name, path);
    }

    private static AllInOne.Result ok(AllInOne.Result r) {
        return RealNodeCluster.ok(r);
    }

    private void create(String json) throws Exception {
        c.create(json);
    }

    /** A pod of RuntimeClass {@code docker} with one container running {@code sh -c script}. */
    private void dockerPod(String name, String restartPolicy, String script, long grace) throws Exception {
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"runtime":"docker"}},
                 "spec":{"runtimeClassName":"docker","restartPolicy":"%s","terminationGracePeriodSeconds":%d,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c",%s]}]}}
                """.formatted(name, restartPolicy, grace, busybox, RealNodeCluster.quote(script)));
    }

    private String awaitPhase(String pod, String phase) throws Exception {
        return c.awaitPhase(pod, phase);
    }

    private String containerId(String pod) throws Exception {
        return jsonpath("pod", pod, "{.status.containerStatuses[0].containerID}");
    }

    @Test
    void theRuntimeClassIsServedAndValidated() throws Exception {
        String table = ok(cluster.kubectl("get", "runtimeclass")).out();
        assertTrue(table.contains("HANDLER") && table.contains("docker"), table);
        AllInOne.Result noHandler = cluster.kubectlWithInput("""
                {"apiVersion":"node.k8s.io/v1","kind":"RuntimeClass","metadata":{"name":"empty"}}
                """, "create", "-f", "-");
        assertTrue(noHandler.exit() != 0 && noHandler.err().contains("handler: Required value"), noHandler.err());
        AllInOne.Result badHandler = cluster.kubectlWithInput("""
                {"apiVersion":"node.k8s.io/v1","kind":"RuntimeClass","metadata":{"name":"bad"},"handler":"Not_A_Label"}
                """, "create", "-f", "-");
        assertTrue(badHandler.exit() != 0 && badHandler.err().contains("handler: Invalid value"), badHandler.err());
        AllInOne.Result changed = cluster.kubectl("patch", "runtimeclass", "docker", "--type=merge", "-p",
                "{\"handler\":\"runc\"}");
        assertTrue(changed.exit() != 0 && changed.err().contains("field is immutable"), changed.err());
        AllInOne.Result badPod = cluster.kubectlWithInput("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"bad-class"},
                 "spec":{"runtimeClassName":"Not_A_Name","containers":[{"name":"main","image":"%s"}]}}
                """.formatted(busybox), "create", "-f", "-");
        assertTrue(badPod.exit() != 0 && badPod.err().contains("spec.runtimeClassName: Invalid value"), badPod.err());
    }

    @Test
    void dockerAndContainerdPodsRunSideBySideAndAreReachable() throws Exception {
        dockerPod("web", "Always", "exec httpd -f -p 80 -h /www", 2);
        ok(cluster.kubectl("run", "web-containerd", "--image=" + busybox, "--", "httpd", "-f", "-p", "80", "-h", "/www"));
        awaitPhase("web", "Running");
        awaitPhase("web-containerd", "Running");
        assertTrue(containerId("web").startsWith("docker://"), containerId("web"));
        assertTrue(containerId("web-containerd").startsWith("containerd://"), containerId("web-containerd"));
        String dockerId = containerId("web").substring("docker://".length());
        assertTrue(node.docker("ps", "-q", "--no-trunc").contains(dockerId));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (String pod : new String[] {"web", "web-containerd"}) {
            String ip = jsonpath("pod", pod, "{.status.podIP}");
            assertTrue(ip.startsWith("10.244." + INDEX + "."), pod + ": " + ip);
            String body = Eventually.until("GET http://" + ip + "/", 30, () -> {
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://" + ip + "/"))
                            .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()).body();
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            }, b -> b.contains("hello from orchestrator"));
            assertTrue(body.contains("hello from orchestrator"), body);
        }
        // the two runtimes' pods share the bridge: the docker pod reaches the containerd pod
        String other = jsonpath("pod", "web-containerd", "{.status.podIP}");
        String fetched = node.docker("exec", dockerId, "sh", "-c", "timeout 3 wget -q -O - http://" + other + "/");
        assertTrue(fetched.contains("hello from orchestrator"), fetched);
    }

    @Test
    void exitCodesDecideSucceededAndFailed() throws Exception {
        dockerPod("exit-zero", "Never", "echo done", 5);
        dockerPod("exit-three", "Never", "exit 3", 5);
        awaitPhase("exit-zero", "Succeeded");
        awaitPhase("exit-three", "Failed");
        assertEquals("3", jsonpath("pod", "exit-three", "{.status.containerStatuses[0].state.terminated.exitCode}"));
        assertEquals("Error", jsonpath("pod", "exit-three", "{.status.containerStatuses[0].state.terminated.reason}"));
        assertEquals("Completed", jsonpath("pod", "exit-zero", "{.status.containerStatuses[0].state.terminated.reason}"));
    }

    @Test
    void aCrashingContainerLoopsWithBackOffAndAKilledOneIsRestarted() throws Exception {
        dockerPod("crash", "Always", "exit 1", 5);
        Eventually.until("CrashLoopBackOff", 90, () -> cluster.kubectl("get", "pod", "crash").out(),
                t -> t.contains("CrashLoopBackOff"));
        assertTrue(Integer.parseInt(jsonpath("pod", "crash", "{.status.containerStatuses[0].restartCount}")) >= 1);

        dockerPod("victim", "Always", "sleep 3600", 5);
        awaitPhase("victim", "Running");
        String id = containerId("victim").replace("docker://", "");
        node.docker("kill", "--signal", "KILL", id);
        Eventually.until("victim restarted", 60, () -> jsonpath("pod", "victim",
                "{.status.containerStatuses[0].restartCount}/{.status.containerStatuses[0].state.running.startedAt}"),
                s -> s.startsWith("1/") && s.length() > 2);
        assertEquals("137", jsonpath("pod", "victim", "{.status.containerStatuses[0].lastState.terminated.exitCode}"));
    }

    @Test
    void deleteRunsPreStopAndKillsAContainerThatIgnoresSigtermAtTheDeadline() throws Exception {
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"stubborn"},
                 "spec":{"runtimeClassName":"docker","terminationGracePeriodSeconds":3,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c","trap '' TERM; while true; do sleep 1; done"],
                    "lifecycle":{"preStop":{"exec":{"command":["sh","-c","echo prestop-ran > /proc/1/fd/1"]}}}}]}}
                """.formatted(busybox));
        awaitPhase("stubborn", "Running");
        String uid = jsonpath("pod", "stubborn", "{.metadata.uid}");
        String id = containerId("stubborn").replace("docker://", "");
        // the kubelet's log path links to docker's json-file log
        Path log = node.podLogs().resolve("default_stubborn_" + uid).resolve("main/0.log");
        assertTrue(Files.isSymbolicLink(log), log + " is not a link to docker's log");
        long started = System.nanoTime();
        Path out = Files.createTempFile(c.work, "delete", ".out");
        Process delete = cluster.kubectlBackground(out, "delete", "pod", "stubborn", "--timeout=60s");
        try {
            Eventually.until("preStop output in the container log", 10,
                    () -> Files.exists(log) ? Files.readString(log) : "", l -> l.contains("prestop-ran"));
            assertTrue(delete.waitFor(60, TimeUnit.SECONDS), "kubectl delete did not return");
        } finally {
            delete.destroyForcibly();
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(0, delete.exitValue(), Files.readString(out));
        assertTrue(tookMs >= 2500, "deleted after " + tookMs + " ms, before the grace period ended");
        assertTrue(cluster.kubectl("get", "pod", "stubborn").err().contains("NotFound"));
        assertTrue(!node.docker("ps", "-a", "-q", "--no-trunc").contains(id), "the container outlived its pod");
        assertTrue(!Files.exists(log.getParent().getParent(), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "the pod's logs outlived it");
    }

    @Test
    void anUnknownRuntimeClassOrHandlerKeepsThePodFromStartingWithAReason() throws Exception {
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"no-class"},
                 "spec":{"runtimeClassName":"does-not-exist","containers":[{"name":"main","image":"%s","command":["sleep","3600"]}]}}
                """.formatted(busybox));
        ok(cluster.kubectlWithInput("""
                {"apiVersion":"node.k8s.io/v1","kind":"RuntimeClass","metadata":{"name":"kata"},"handler":"kata"}
                """, "create", "-f", "-"));
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"no-handler"},
                 "spec":{"runtimeClassName":"kata","containers":[{"name":"main","image":"%s","command":["sleep","3600"]}]}}
                """.formatted(busybox));
        for (String[] c : new String[][] {{"no-class", "runtimeclass.node.k8s.io \"does-not-exist\" not found"},
                {"no-handler", "RuntimeHandler \"kata\" not supported"}}) {
            String message = Eventually.until(c[0] + " waiting with a reason", 60, () -> jsonpath("pod", c[0],
                    "{.status.containerStatuses[0].state.waiting.message}"), m -> m.contains(c[1]));
            assertEquals("ContainerCreating", jsonpath("pod", c[0], "{.status.containerStatuses[0].state.waiting.reason}"));
            assertEquals("Pending", jsonpath("pod", c[0], "{.status.phase}"), message);
            String events = ok(cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=" + c[0])).out();
            assertTrue(events.contains("FailedCreatePodSandBox") && events.contains(c[1]), events);
        }
        ok(cluster.kubectl("delete", "pod", "no-class", "no-handler", "--timeout=60s"));
    }

    /** The pod features of the containerd e2e tests, on Docker: logs, ConfigMap files and env, a shared emptyDir, probes. */
    @Test
    void logsVolumesAndProbesWorkOnDocker() throws Exception {
        ok(cluster.kubectl("create", "configmap", "docker-settings", "--from-literal=mode=fast"));
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"featured"},
                 "spec":{"runtimeClassName":"docker","terminationGracePeriodSeconds":1,
                  "volumes":[{"name":"settings","configMap":{"name":"docker-settings"}},{"name":"shared","emptyDir":{}}],
                  "containers":[
                   {"name":"main","image":"%1$s","command":["sh","-c",
                     "echo mode=$MODE; cat /etc/settings/mode; echo; echo from-main > /shared/note; i=0; while true; do i=$((i+1)); echo tick $i; sleep 1; done"],
                    "env":[{"name":"MODE","valueFrom":{"configMapKeyRef":{"name":"docker-settings","key":"mode"}}}],
                    "volumeMounts":[{"name":"settings","mountPath":"/etc/settings"},{"name":"shared","mountPath":"/shared"}]},
                   {"name":"side","image":"%1$s","command":["sh","-c","touch /shared/ready; sleep 3600"],
                    "readinessProbe":{"exec":{"command":["cat","/shared/note"]},"periodSeconds":1},
                    "volumeMounts":[{"name":"shared","mountPath":"/shared"}]}]}}
                """.formatted(busybox));
        awaitPhase("featured", "Running");
        Eventually.until("featured Ready (the sidecar's probe reads main's file)", 60,
                () -> jsonpath("pod", "featured", "{.status.conditions[?(@.type==\"Ready\")].status}"), "True"::equals);
        String logs = Eventually.until("logs", 60, () -> cluster.kubectl("logs", "featured", "-c", "main").out(),
                l -> l.contains("tick 2"));
        assertTrue(logs.startsWith("mode=fast\nfast\n"), logs);
        String tail = ok(cluster.kubectl("logs", "featured", "-c", "main", "--tail=1", "--timestamps")).out();
        assertTrue(tail.matches("\\d{4}-\\d\\d-\\d\\dT[^ ]+Z tick \\d+\n"), tail);
        // -f streams lines written after it started
        Path followed = c.work.resolve("follow.out");
        Process follow = cluster.kubectlBackground(followed, "logs", "-f", "featured", "-c", "main", "--tail=1");
        try {
            int now = Integer.parseInt(tail.substring(tail.lastIndexOf(' ') + 1).trim());
            Eventually.until("logs -f shows a later tick", 30, () -> Files.readString(followed),
                    f -> f.contains("tick " + (now + 3)));
        } finally {
            follow.destroy();
            follow.waitFor(10, TimeUnit.SECONDS);
        }
        // streaming sessions are routed to the pod's runtime: the docker one serves them through the streaming server
        assertEquals("fast", ok(cluster.kubectl("exec", "featured", "-c", "main", "--", "cat", "/etc/settings/mode"))
                .out());
        // a liveness probe that fails restarts the container; the previous log stays readable
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"unhealthy"},
                 "spec":{"runtimeClassName":"docker","terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c","echo run $(date +%%s%%N); sleep 3600"],
                   "livenessProbe":{"tcpSocket":{"port":8080},"periodSeconds":1,"failureThreshold":2}}]}}
                """.formatted(busybox));
        Eventually.until("unhealthy restarted", 90, () -> jsonpath("pod", "unhealthy",
                "{.status.containerStatuses[0].restartCount}"), n -> !n.isEmpty() && !n.startsWith("<") && Integer.parseInt(n) >= 1);
        String events = ok(cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=unhealthy")).out();
        assertTrue(events.contains("Unhealthy") && events.contains("Liveness probe failed"), events);
        String previous = Eventually.until("previous log", 30, () -> cluster.kubectl("logs", "unhealthy", "--previous").out(),
                p -> p.startsWith("run "));
        assertTrue(previous.startsWith("run "), previous);
        ok(cluster.kubectl("delete", "pod", "featured", "unhealthy", "--timeout=60s"));
        ok(cluster.kubectl("delete", "configmap", "docker-settings"));
    }

    /**
     * The hot-swap promise for Docker: with pods running in dockerd, the Docker runtime bundle is updated; no
     * container is restarted (same container ids, restartCount 0) and the pods stay Ready.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void updatingTheDockerRuntimeBundleRestartsNoContainer() throws Exception {
        int pods = 5;
        for (int i = 0; i < pods; i++) {
            create("""
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"keep-%d","labels":{"group":"keep"}},
                     "spec":{"runtimeClassName":"docker","terminationGracePeriodSeconds":1,
                      "containers":[{"name":"main","image":"%s","command":["sleep","3600"]}]}}""".formatted(i, busybox));
        }
        Map<String, String> before = Eventually.until(pods + " pods Ready", 120, this::readyContainers,
                m -> m.size() == pods);
        int seen = occurrences(cluster.log(), "Docker runtime active");
        AllInOne.Result upgraded = cluster.upgradeBundle("orchestrator.runtime.docker");
        assertEquals(0, upgraded.exit(), upgraded.all());
        Eventually.until("the new Docker runtime active", 60, () -> occurrences(cluster.log(), "Docker runtime active"),
                n -> n > seen);
        // an observation window for a negative: a kubelet that lost the containers would replace them within a few
        // relists (500 ms here)
        Thread.sleep(4000);
        assertEquals(before, readyContainers(), "containers replaced or restarted after updating the docker runtime");
        String running = node.docker("ps", "-q", "--no-trunc");
        before.values().forEach(id -> assertTrue(running.contains(id.replace("docker://", "")), running));
        // the new instance drives dockerd: a new pod starts, and a container killed now is noticed and restarted
        dockerPod("after-update", "Always", "sleep 3600", 1);
        awaitPhase("after-update", "Running");
        node.docker("kill", "--signal", "KILL", containerId("keep-0").replace("docker://", ""));
        Eventually.until("keep-0 restarted by the new instance", 60, () -> jsonpath("pod", "keep-0",
                "{.status.containerStatuses[0].restartCount}"), "1"::equals);
        ok(cluster.kubectl("delete", "pods", "-l", "group=keep", "--timeout=90s"));
        ok(cluster.kubectl("delete", "pod", "after-update", "--timeout=90s"));
    }

    // ------------------------------------------------------------------ exec, attach, port-forward

    private boolean streamPodsStarted;

    /** The pods the streaming tests share, started once for the class. */
    private synchronized void streamPods() throws Exception {
        if (streamPodsStarted) {
            return;
        }
        dockerPod("d-shell", "Always", "exec sleep 3600", 1);
        dockerPod("d-web", "Always", "exec httpd -f -p 80 -h /www", 1);
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"d-talker"},
                 "spec":{"runtimeClassName":"docker","terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","stdin":true,
                   "command":["sh","-c","while read line; do echo got-$line; done; sleep 3600"]}]}}
                """.formatted(busybox));
        for (String pod : new String[] {"d-shell", "d-web", "d-talker"}) {
            awaitPhase(pod, "Running");
        }
        streamPodsStarted = true;
    }

    /** kubectl 1.27 speaks SPDY/3.1; 1.33 WebSocket v5 for exec (and SPDY after a refused WebSocket port-forward). */
    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void execOnDockerReturnsOutputExitCodesAndTakesStdin(String version) throws Exception {
        streamPods();
        streams.execRunsCommands(version, "d-shell");
    }

    /** kubectl 1.33 execs over WebSocket v5 without falling back: the node's streaming server speaks it. */
    @Test
    void kubectlExecsIntoDockerPodsOverWebSocketV5() throws Exception {
        streamPods();
        AllInOne.Result verbose = streams.kubectl("1.33", null, "exec", "-v=6", "d-shell", "--", "true");
        assertEquals(0, verbose.exit(), verbose.all());
        assertTrue(verbose.err().contains("101 Switching") && !verbose.err().contains("refused"), verbose.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void execWithATerminalOnDockerGetsATtyItsSizeAndResizes(String version) throws Exception {
        streamPods();
        streams.execWithATerminal(version, "d-shell");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void attachOnDockerReachesTheStdinAndStdoutOfTheContainer(String version) throws Exception {
        streamPods();
        streams.attachTalks(version, "d-talker");
        assertEquals("0", jsonpath("pod", "d-talker", "{.status.containerStatuses[0].restartCount}"),
                "attach leaves the container running");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void portForwardOnDockerReachesAPodPortAndFailsOnAClosedOne(String version) throws Exception {
        streamPods();
        streams.portForward(version, "d-web", "hello from orchestrator\n");
    }

    /** fabric8 speaks WebSocket v4 for exec and port-forward, through the API server and the kubelet. */
    @Test
    void fabric8ExecAndPortForwardOnDockerOverWebSocket() throws Exception {
        streamPods();
        io.fabric8.kubernetes.client.Config config = new io.fabric8.kubernetes.client.ConfigBuilder(
                io.fabric8.kubernetes.client.Config.empty()).withMasterUrl(cluster.url()).withNamespace("default")
                .withRequestTimeout(30_000).build();
        try (io.fabric8.kubernetes.client.KubernetesClient client = new io.fabric8.kubernetes.client
                .KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory()).build()) {
            java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
            try (var watch = client.pods().withName("d-shell").writingOutput(stdout).writingError(stderr)
                    .exec("sh", "-c", "echo from-fabric8; echo to-err >&2; exit 4")) {
                assertEquals(4, watch.exitCode().get(60, TimeUnit.SECONDS));
            }
            assertEquals("from-fabric8\n", stdout.toString(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("to-err\n", stderr.toString(java.nio.charset.StandardCharsets.UTF_8));
            try (var forward = client.pods().withName("d-web").portForward(80)) {
                assertEquals("hello from orchestrator\n", streams.get(forward.getLocalPort()).body());
            }
        }
    }

    /** Sessions that cannot start are Statuses that say why, before any protocol switch. */
    @Test
    void streamingIntoAMissingOrStoppedContainerOnDockerIsRefusedInWords() throws Exception {
        streamPods();
        AllInOne.Result nope = cluster.kubectl("exec", "d-shell", "-c", "nope", "--", "true");
        assertTrue(nope.exit() != 0 && nope.err().contains("container nope is not valid for pod d-shell"), nope.err());
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"d-half"},
                 "spec":{"runtimeClassName":"docker","restartPolicy":"OnFailure","terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%1$s","command":["sleep","3600"]},
                                {"name":"quitter","image":"%1$s","command":["true"]}]}}
                """.formatted(busybox));
        Eventually.until("quitter terminated", 90, () -> jsonpath("pod", "d-half",
                "{.status.containerStatuses[?(@.name==\"quitter\")].state.terminated.reason}"), "Completed"::equals);
        AllInOne.Result stopped = cluster.kubectl("exec", "d-half", "-c", "quitter", "--", "true");
        assertTrue(stopped.exit() != 0 && stopped.err().contains("Error from server (BadRequest): container "
                + "\"quitter\" in pod \"d-half\" is not running (exited)"), stopped.err());
        AllInOne.Result notFound = cluster.kubectl("exec", "d-half", "-c", "main", "--", "no-such-command");
        assertTrue(notFound.exit() != 0 && notFound.all().contains("no-such-command"), notFound.all());
        ok(cluster.kubectl("delete", "pod", "d-half", "--timeout=60s"));
    }

    /** Container id of every Ready pod with label group=keep (Ready, restartCount 0, in docker), by pod name. */
    private Map<String, String> readyContainers() throws Exception {
        String out = ok(cluster.kubectl("get", "pods", "-l", "group=keep", "-o",
                "jsonpath={range .items[*]}{.metadata.name}={.status.containerStatuses[0].containerID}="
                        + "{.status.containerStatuses[0].restartCount}={.status.conditions[?(@.type==\"Ready\")].status}"
                        + "{\"\\n\"}{end}")).out();
        Map<String, String> ready = new TreeMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("=");
            if (f.length == 4 && f[3].equals("True") && f[2].equals("0") && f[1].startsWith("docker://")) {
                ready.put(f[0], f[1]);
            }
        }
        return ready;
    }

    private static int occurrences(String text, String line) {
        int n = 0;
        for (int i = text.indexOf(line); i >= 0; i = text.indexOf(line, i + 1)) {
            n++;
        }
        return n;
    }
}
