package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Real containers: an all-in-one whose kubelet runs pods on its own containerd with runc and a CNI
 * bridge (made by node/node-env.sh, images pulled from a loopback registry), driven with real
 * kubectl. One cluster for the whole class; everything it made is removed afterwards.
 */
@ResourceLock(RealNode.HOST)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ContainerdNodeE2E {

    private static final String NODE = "real-node";
    private static final int INDEX = 240;
    private RealNodeCluster real;
    private RealNode node;
    private AllInOne cluster;
    private String busybox;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(RealNode.available(), "needs root and containerd (./orch test installs it)");
        real = RealNodeCluster.start(NODE, INDEX);
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

    private static AllInOne.Result ok(AllInOne.Result r) {
        return RealNodeCluster.ok(r);
    }

    private void create(String json) throws Exception {
        real.create(json);
    }

    private void shPod(String name, String restartPolicy, String script, long grace) throws Exception {
        real.shPod(name, restartPolicy, script, grace);
    }

    private String awaitPhase(String pod, String phase) throws Exception {
        return real.awaitPhase(pod, phase);
    }

    /** Waits until busybox httpd on {@code ip} serves the image's page. */
    private static void awaitHello(String ip) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Eventually.until("GET http://" + ip + "/", 30, () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://" + ip + "/")).timeout(Duration.ofSeconds(3))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException e) {
                return e.toString();
            }
        }, b -> b.contains("hello from orchestrator"));
    }

    @Test
    void kubectlRunBusyboxHttpdIsReachableOnItsPodIp() throws Exception {
        ok(cluster.kubectl("run", "web", "--image=" + busybox, "--", "httpd", "-f", "-p", "80", "-h", "/www"));
        awaitPhase("web", "Running");
        String ip = jsonpath("pod", "web", "{.status.podIP}");
        assertTrue(ip.startsWith("10.244." + INDEX + "."), ip);
        awaitHello(ip);
        String wide = ok(cluster.kubectl("get", "pod", "web", "-o", "wide")).out();
        assertTrue(wide.contains(ip) && wide.contains(NODE) && wide.contains("Running"), wide);
        String described = ok(cluster.kubectl("describe", "pod", "web")).out();
        assertTrue(described.contains("Pulled") && described.contains("Created container web")
                && described.contains("Started container web"), described);
        assertTrue(jsonpath("pod", "web", "{.status.containerStatuses[0].containerID}").startsWith("containerd://"));
    }

    /**
     * A Deployment of busybox httpd on the real node: three ready pods that answer on their IPs, a
     * deleted one replaced, and a rolling update (set env) that kubectl sees through.
     */
    @Test
    void aDeploymentServesFromThreeRealPodsAndRollsOver() throws Exception {
        ok(cluster.kubectl("create", "deployment", "shop", "--image=" + busybox, "--replicas=3", "--",
                "httpd", "-f", "-p", "80", "-h", "/www"));
        AllInOne.Result status = ok(cluster.kubectl("rollout", "status", "deployment/shop", "--timeout=120s"));
        assertTrue(status.out().contains("successfully rolled out"), status.out());
        List<String> ips = List.of(ok(cluster.kubectl("get", "pods", "-l", "app=shop", "-o",
                "jsonpath={.items[*].status.podIP}")).out().trim().split("\\s+"));
        assertEquals(3, ips.size(), ips.toString());
        for (String ip : ips) {
            awaitHello(ip);
        }
        String victim = ok(cluster.kubectl("get", "pods", "-l", "app=shop", "-o", "jsonpath={.items[0].metadata.name}"))
                .out().trim();
        ok(cluster.kubectl("delete", "pod", victim, "--wait=false"));
        Eventually.until("a replacement for " + victim, 90, () -> cluster.kubectl("get", "deployment", "shop", "-o",
                "jsonpath={.status.readyReplicas}/{.status.replicas}").out().trim()
                + cluster.kubectl("get", "pods", "-l", "app=shop", "-o", "name").out(), s -> s.startsWith("3/3")
                && !s.contains(victim));
        ok(cluster.kubectl("set", "env", "deployment/shop", "GREETING=hi"));
        ok(cluster.kubectl("rollout", "status", "deployment/shop", "--timeout=120s"));
        assertEquals("3", jsonpath("deployment", "shop", "{.status.updatedReplicas}"));
        ok(cluster.kubectl("scale", "deployment", "shop", "--replicas=0"));
        Eventually.until("shop's pods gone", 90, () -> cluster.kubectl("get", "pods", "-l", "app=shop", "-o", "name")
                .out().trim(), String::isEmpty);
        ok(cluster.kubectl("delete", "deployment", "shop"));
    }

    @Test
    void servicesBecomeEnvironmentVariablesUnlessServiceLinksAreOff() throws Exception {
        create("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"shop-api"},
                 "spec":{"selector":{"app":"none"},"ports":[{"name":"http","port":8080,"protocol":"TCP"}]}}
                """);
        String vip = jsonpath("service", "shop-api", "{.spec.clusterIP}");
        String apiVip = jsonpath("service", "kubernetes", "{.spec.clusterIP}");
        shPod("env-links", "Never", "env | sort; echo URL=$SHOP_API_PORT", 1);
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"env-nolinks"},
                 "spec":{"restartPolicy":"Never","enableServiceLinks":false,"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c","env | sort"],
                   "env":[{"name":"VIA","value":"$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)"}]}]}}
                """.formatted(busybox));
        awaitPhase("env-links", "Succeeded");
        awaitPhase("env-nolinks", "Succeeded");
        String links = ok(cluster.kubectl("logs", "env-links")).out();
        for (String line : List.of("SHOP_API_SERVICE_HOST=" + vip, "SHOP_API_SERVICE_PORT=8080",
                "SHOP_API_SERVICE_PORT_HTTP=8080", "SHOP_API_PORT_8080_TCP_ADDR=" + vip, "URL=tcp://" + vip + ":8080",
                "KUBERNETES_SERVICE_HOST=" + apiVip, "KUBERNETES_SERVICE_PORT=443")) {
            assertTrue(links.lines().anyMatch(line::equals), line + " missing in:\n" + links);
        }
        String noLinks = ok(cluster.kubectl("logs", "env-nolinks")).out();
        assertTrue(noLinks.lines().anyMatch(("VIA=" + apiVip + ":443")::equals), noLinks);
        assertFalse(noLinks.contains("SHOP_API_"), noLinks);
        ok(cluster.kubectl("delete", "service", "shop-api"));
    }

    /**
     * Cluster DNS: the kubelet gives a ClusterFirst pod a resolv.conf naming the node's own DNS server
     * (orchestrator.dns on the node IP), which answers Service names from the API's Services.
     */
    @Test
    void podsResolveServiceNamesThroughTheNodesClusterDns() throws Exception {
        create("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"dns-web"},
                 "spec":{"selector":{"app":"none"},"ports":[{"name":"http","port":80,"protocol":"TCP"}]}}
                """);
        String vip = jsonpath("service", "dns-web", "{.spec.clusterIP}");
        String apiVip = jsonpath("service", "kubernetes", "{.spec.clusterIP}");
        // the server may still be listing when the pod starts (it answers SERVFAIL until then): ask a few times
        shPod("dns-client", "Never", "cat /etc/resolv.conf; for i in $(seq 1 20); do "
                + "nslookup -type=a dns-web.default.svc.cluster.local. && nslookup -type=a kubernetes.default.svc.cluster.local. "
                + "&& exit 0; sleep 1; done; exit 1", 1);
        String phase = Eventually.until("dns-client finished", 90, () -> jsonpath("pod", "dns-client", "{.status.phase}"),
                p -> p.equals("Succeeded") || p.equals("Failed"));
        String out = ok(cluster.kubectl("logs", "dns-client")).out();
        assertEquals("Succeeded", phase, out);
        String nodeIp = "10.244." + INDEX + ".1";
        assertTrue(out.lines().anyMatch(("nameserver " + nodeIp)::equals), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("search default.svc.cluster.local svc.cluster.local cluster.local")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("options") && l.contains("ndots:5")), out);
        for (String ip : List.of(vip, apiVip)) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith("Address") && List.of(l.trim().split("\\s+")).contains(ip)), ip + " in:\n" + out);
        }
        ok(cluster.kubectl("delete", "service", "dns-web"));
    }

    /**
     * Persistent volumes end to end: a StatefulSet's claim template gives its pod a claim, the local-path provisioner
     * makes the volume on the node the scheduler chose (a directory of this test's work tree, named by a class of the
     * test's own), the pod writes to it, and the pod made again after a deletion reads what its predecessor wrote;
     * deleting the claim deletes the volume (Delete policy), and the node's kubelet then removes its directory.
     */
    @Test
    void aStatefulSetsClaimKeepsItsDataAcrossPodsOnTheLocalPathProvisioner() throws Exception {
        java.nio.file.Path root = real.work.resolve("local-path");
        ok(cluster.kubectlWithInput("""
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata: {name: e2e-local}
                provisioner: orchestrator.dev/local-path
                volumeBindingMode: WaitForFirstConsumer
                reclaimPolicy: Delete
                parameters: {nodePath: "%s"}
                ---
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: keeper}
                spec:
                  serviceName: keeper
                  replicas: 1
                  selector: {matchLabels: {app: keeper}}
                  template:
                    metadata: {labels: {app: keeper}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: main
                        image: "%s"
                        command: [sh, -c, "cat /data/note 2>/dev/null; echo written-by-$(cat /proc/sys/kernel/random/uuid) > /data/note; sleep 3600"]
                        volumeMounts: [{name: data, mountPath: /data}]
                  volumeClaimTemplates:
                  - metadata: {name: data}
                    spec:
                      storageClassName: e2e-local
                      accessModes: [ReadWriteOnce]
                      resources: {requests: {storage: 64Mi}}
                """.formatted(root, busybox), "apply", "-f", "-"));
        try {
            Eventually.until("keeper-0 running", 120, () -> jsonpath("pod", "keeper-0", "{.status.phase}"), "Running"::equals);
            assertEquals("Bound", jsonpath("pvc", "data-keeper-0", "{.status.phase}"));
            String volume = jsonpath("pvc", "data-keeper-0", "{.spec.volumeName}");
            assertEquals(NODE, jsonpath("pvc", "data-keeper-0",
                    "{.metadata.annotations.volume\\.kubernetes\\.io/selected-node}"));
            String path = jsonpath("pv", volume, "{.spec.hostPath.path}");
            assertTrue(path.startsWith(root.toString()), path);
            String written = Eventually.until("the note written", 30, () -> {
                java.nio.file.Path note = java.nio.file.Path.of(path, "note");
                return java.nio.file.Files.exists(note) ? java.nio.file.Files.readString(note).trim() : "";
            }, n -> n.startsWith("written-by-"));
            String uid = jsonpath("pod", "keeper-0", "{.metadata.uid}");
            ok(cluster.kubectl("delete", "pod", "keeper-0"));
            Eventually.until("keeper-0 made again and running", 120, () -> jsonpath("pod", "keeper-0",
                    "{.metadata.uid} {.status.phase}"), s -> !s.startsWith(uid) && s.endsWith("Running"));
            String log = Eventually.until("the new pod's log", 30, () -> cluster.kubectl("logs", "keeper-0").out().trim(),
                    l -> !l.isEmpty());
            assertEquals(written, log, "the pod made again reads what its predecessor wrote");
            String table = ok(cluster.kubectl("get", "pvc", "data-keeper-0")).out();
            assertTrue(table.matches("(?s).*data-keeper-0\\s+Bound\\s+" + volume + "\\s+64Mi\\s+RWO\\s+e2e-local.*"), table);

            ok(cluster.kubectl("delete", "statefulset", "keeper"));
            Eventually.until("keeper-0 gone", 60, () -> cluster.kubectl("get", "pod", "keeper-0").exit(), c -> c != 0);
            ok(cluster.kubectl("delete", "pvc", "data-keeper-0"));
            Eventually.until("the volume deleted with its claim", 60, () -> cluster.kubectl("get", "pv", volume).exit(),
                    c -> c != 0);
            Eventually.until("the deleted volume's directory removed by the node's kubelet", 60,
                    () -> java.nio.file.Files.exists(java.nio.file.Path.of(path)), exists -> !exists);
            assertTrue(java.nio.file.Files.isDirectory(root), "the class's root stays");
        } finally {
            cluster.kubectl("delete", "statefulset", "keeper", "--ignore-not-found");
            cluster.kubectl("delete", "pvc", "data-keeper-0", "--ignore-not-found");
            cluster.kubectl("delete", "storageclass", "e2e-local", "--ignore-not-found");
        }
    }

    /**
     * The kubelet's /etc/hosts: the pod's address under its hostname and its name in its subdomain (what a
     * StatefulSet's pods are known by), and its hostAliases; not the node's own file.
     */
    @Test
    void aPodsHostsFileNamesThePodAndItsAliases() throws Exception {
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"hosts-file"},
                 "spec":{"restartPolicy":"Never","hostname":"member-0","subdomain":"members",
                  "hostAliases":[{"ip":"10.96.99.99","hostnames":["db.internal","db"]}],
                  "containers":[{"name":"main","image":"%s","command":["sh","-c","cat /etc/hosts; hostname -f"]}]}}
                """.formatted(busybox));
        awaitPhase("hosts-file", "Succeeded");
        String ip = jsonpath("pod", "hosts-file", "{.status.podIP}");
        String out = ok(cluster.kubectl("logs", "hosts-file")).out();
        assertTrue(out.startsWith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n"), out);
        assertTrue(out.lines().anyMatch((ip + "\tmember-0.members.default.svc.cluster.local\tmember-0")::equals), out);
        assertTrue(out.lines().anyMatch("10.96.99.99\tdb.internal\tdb"::equals), out);
        assertTrue(out.lines().anyMatch("member-0.members.default.svc.cluster.local"::equals), "hostname -f in:\n" + out);
    }

    @Test
    void aPrivilegedContainerRunsInAPrivilegedSandbox() throws Exception {
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"privileged"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sleep","3600"],
                                 "securityContext":{"privileged":true}}]}}
                """.formatted(busybox));
        awaitPhase("privileged", "Running");
    }

    @Test
    void exitCodesDecideSucceededAndFailed() throws Exception {
        shPod("exit-zero", "Never", "echo done", 5);
        shPod("exit-three", "Never", "exit 3", 5);
        awaitPhase("exit-zero", "Succeeded");
        awaitPhase("exit-three", "Failed");
        assertEquals("3", jsonpath("pod", "exit-three", "{.status.containerStatuses[0].state.terminated.exitCode}"));
    }

    @Test
    void aCrashingContainerLoopsWithBackOffAndAKilledOneIsRestarted() throws Exception {
        shPod("crash", "Always", "exit 1", 5);
        Eventually.until("CrashLoopBackOff", 90, () -> cluster.kubectl("get", "pod", "crash").out(),
                t -> t.contains("CrashLoopBackOff"));
        assertTrue(Integer.parseInt(jsonpath("pod", "crash", "{.status.containerStatuses[0].restartCount}")) >= 1);

        shPod("victim", "Always", "sleep 3600", 5);
        awaitPhase("victim", "Running");
        String id = jsonpath("pod", "victim", "{.status.containerStatuses[0].containerID}").replace("containerd://", "");
        node.ctr("tasks", "kill", "--signal", "SIGKILL", id);
        Eventually.until("victim restarted", 60, () -> jsonpath("pod", "victim",
                "{.status.containerStatuses[0].restartCount}/{.status.containerStatuses[0].state.running.startedAt}"),
                s -> s.startsWith("1/") && s.length() > 2);
        assertEquals("137", jsonpath("pod", "victim", "{.status.containerStatuses[0].lastState.terminated.exitCode}"));
    }

    @Test
    void initContainersRunInOrderAndAFailingOneBlocksTheApp() throws Exception {
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"with-init"},
                 "spec":{"initContainers":[
                    {"name":"one","image":"%1$s","command":["sh","-c","sleep 1"]},
                    {"name":"two","image":"%1$s","command":["sh","-c","sleep 1"]}],
                  "containers":[{"name":"app","image":"%1$s","command":["sleep","3600"]}]}}
                """.formatted(busybox));
        awaitPhase("with-init", "Running");
        String oneDone = jsonpath("pod", "with-init", "{.status.initContainerStatuses[0].state.terminated.finishedAt}");
        String twoStarted = jsonpath("pod", "with-init", "{.status.initContainerStatuses[1].state.terminated.startedAt}");
        assertTrue(oneDone.compareTo(twoStarted) <= 0, oneDone + " then " + twoStarted);
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"bad-init"},
                 "spec":{"restartPolicy":"Never","initContainers":[{"name":"fails","image":"%1$s","command":["sh","-c","exit 2"]}],
                  "containers":[{"name":"app","image":"%1$s","command":["sleep","3600"]}]}}
                """.formatted(busybox));
        awaitPhase("bad-init", "Failed");
        assertEquals("", jsonpath("pod", "bad-init", "{.status.containerStatuses[0].state.running}"));
    }

    @Test
    void deleteRunsPreStopAndKillsAContainerThatIgnoresSigtermAtTheDeadline() throws Exception {
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"stubborn"},
                 "spec":{"terminationGracePeriodSeconds":3,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c","trap '' TERM; while true; do sleep 1; done"],
                    "lifecycle":{"preStop":{"exec":{"command":["sh","-c","echo prestop-ran > /proc/1/fd/1"]}}}}]}}
                """.formatted(busybox));
        awaitPhase("stubborn", "Running");
        String uid = jsonpath("pod", "stubborn", "{.metadata.uid}");
        Path log = node.podLogs().resolve("default_stubborn_" + uid).resolve("main/0.log");
        long started = System.nanoTime();
        Path out = Files.createTempFile(real.work, "delete", ".out");
        Process delete = cluster.kubectlBackground(out, "delete", "pod", "stubborn", "--timeout=60s");
        try {
            // the hook writes to the container's stdout, so its line shows in the log until the pod is gone
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
        String events = ok(cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=stubborn")).out();
        assertTrue(events.contains("Stopping container main"), events);
        assertTrue(!Files.exists(log.getParent().getParent()), "the pod's logs outlived it");
    }

    @Test
    void missingImagesCommandsAndConfigMapsShowTheirReasons() throws Exception {
        ok(cluster.kubectl("run", "no-image", "--image=" + node.registry() + "/does-not-exist:1"));
        Eventually.until("ImagePullBackOff", 90,
                () -> jsonpath("pod", "no-image", "{.status.containerStatuses[0].state.waiting.reason}"),
                "ImagePullBackOff"::equals);
        String pullEvents = ok(cluster.kubectl("describe", "pod", "no-image")).out();
        assertTrue(pullEvents.contains("Failed to pull image") && pullEvents.contains("not found"), pullEvents);

        ok(cluster.kubectl("run", "no-command", "--image=" + busybox, "--command", "--", "/no/such/binary"));
        String waiting = Eventually.until("start error", 90,
                () -> jsonpath("pod", "no-command", "{.status.containerStatuses[0].state.waiting.reason}"),
                r -> r.equals("RunContainerError") || r.equals("CrashLoopBackOff") || r.equals("CreateContainerError"));
        String startEvents = ok(cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=no-command")).out();
        assertTrue(startEvents.contains("/no/such/binary"), waiting + "\n" + startEvents);

        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"needs-env"},
                 "spec":{"containers":[{"name":"main","image":"%s","command":["sh","-c","echo mode=$MODE; sleep 3600"],
                   "env":[{"name":"MODE","valueFrom":{"configMapKeyRef":{"name":"real-config","key":"mode"}}}]}]}}
                """.formatted(busybox));
        Eventually.until("CreateContainerConfigError", 90,
                () -> jsonpath("pod", "needs-env", "{.status.containerStatuses[0].state.waiting.reason}"),
                "CreateContainerConfigError"::equals);
        ok(cluster.kubectl("create", "configmap", "real-config", "--from-literal=mode=turbo"));
        awaitPhase("needs-env", "Running");
        String uid = jsonpath("pod", "needs-env", "{.metadata.uid}");
        Path log = node.podLogs().resolve("default_needs-env_" + uid).resolve("main/0.log");
        Eventually.until("the container saw MODE", 30, () -> Files.exists(log) ? Files.readString(log) : "",
                l -> l.contains("mode=turbo"));
    }

    @Test
    void containerdGoingAwayMakesTheNodeNotReadyAndItsPodsAreAdoptedWhenItReturns() throws Exception {
        shPod("survivor", "Always", "sleep 3600", 5);
        awaitPhase("survivor", "Running");
        String id = jsonpath("pod", "survivor", "{.status.containerStatuses[0].containerID}");
        node.stopContainerd();
        try {
            Eventually.until("node NotReady", 60, () -> jsonpath("node", NODE,
                    "{.status.conditions[?(@.type==\"Ready\")].status}"), "False"::equals);
            String message = jsonpath("node", NODE, "{.status.conditions[?(@.type==\"Ready\")].message}");
            assertTrue(message.contains("container runtime is down"), message);
        } finally {
            node.startContainerd();
        }
        Eventually.until("node Ready again", 60, () -> jsonpath("node", NODE,
                "{.status.conditions[?(@.type==\"Ready\")].status}"), "True"::equals);
        assertEquals(id, jsonpath("pod", "survivor", "{.status.containerStatuses[0].containerID}"));
        assertEquals("0", jsonpath("pod", "survivor", "{.status.containerStatuses[0].restartCount}"));
        assertEquals("Running", jsonpath("pod", "survivor", "{.status.phase}"));
        String events = ok(cluster.kubectl("get", "events", "--field-selector", "involvedObject.kind=Node")).out();
        assertTrue(events.contains("NodeNotReady"), events);
    }

    /**
     * The hot-upgrade promise: with 20 pods running, the kubelet bundle is updated, then the CRI
     * runtime bundle, then the whole process is killed (SIGKILL) and started again; no container
     * is restarted (same container ids, restartCount 0), the node returns to Ready, pods stay Ready.
     */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void upgradingTheKubeletAndRuntimeAndKillingTheProcessRestartsNoContainer() throws Exception {
        int pods = 20;
        for (int i = 0; i < pods; i++) {
            create("""
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"keep-%d","labels":{"group":"keep"}},
                     "spec":{"terminationGracePeriodSeconds":1,
                      "containers":[{"name":"main","image":"%s","command":["sleep","3600"]}]}}""".formatted(i, busybox));
        }
        Map<String, String> before = Eventually.until(pods + " pods Ready", 120, () -> readyContainers("keep"),
                m -> m.size() == pods);

        // each step is judged once the new instance announced itself in the log
        Map<String, String> started = Map.of("orchestrator.kubelet", "kubelet watching its pods",
                "orchestrator.runtime.cri", "CRI runtime active");
        for (String bundle : new String[] {"orchestrator.kubelet", "orchestrator.runtime.cri"}) {
            int seen = occurrences(cluster.log(), started.get(bundle));
            AllInOne.Result upgraded = cluster.upgradeBundle(bundle);
            assertEquals(0, upgraded.exit(), upgraded.all());
            Eventually.until("the new " + bundle + " active", 60, () -> occurrences(cluster.log(), started.get(bundle)),
                    n -> n > seen);
            assertUnchanged(before, "after updating " + bundle);
        }
        cluster.kill();
        cluster.relaunch();
        Eventually.until("the new kubelet watching its pods", 90, () -> occurrences(cluster.log(),
                started.get("orchestrator.kubelet")), n -> n > 0);
        assertUnchanged(before, "after kill -9 and a restart of the process");
        String running = node.ctr("tasks", "ls");
        before.values().forEach(id -> assertTrue(running.contains(id.replace("containerd://", "")), running));
        ok(cluster.kubectl("delete", "pods", "-l", "group=keep", "--timeout=90s"));
    }

    /** Container id of every Ready pod with label group=NAME (Ready, restartCount 0), by pod name. */
    private Map<String, String> readyContainers(String group) throws Exception {
        String out = ok(cluster.kubectl("get", "pods", "-l", "group=" + group, "-o",
                "jsonpath={range .items[*]}{.metadata.name}={.status.containerStatuses[0].containerID}="
                        + "{.status.containerStatuses[0].restartCount}={.status.conditions[?(@.type==\"Ready\")].status}"
                        + "{\"\\n\"}{end}")).out();
        Map<String, String> ready = new java.util.TreeMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("=");
            if (f.length == 4 && f[3].equals("True") && f[2].equals("0") && f[1].startsWith("containerd://")) {
                ready.put(f[0], f[1]);
            }
        }
        return ready;
    }

    private void assertUnchanged(Map<String, String> before, String when) throws Exception {
        Eventually.until("node Ready " + when, 90, () -> jsonpath("node", NODE,
                "{.status.conditions[?(@.type==\"Ready\")].status}"), "True"::equals);
        // An observation window for a negative: a kubelet that failed to adopt the containers would
        // replace them in its first sync, well within a few relist periods (500 ms here).
        Thread.sleep(4000);
        assertEquals(before, readyContainers("keep"), "containers replaced or restarted " + when);
    }

    private static int occurrences(String text, String line) {
        int n = 0;
        for (int i = text.indexOf(line); i >= 0; i = text.indexOf(line, i + 1)) {
            n++;
        }
        return n;
    }
}
