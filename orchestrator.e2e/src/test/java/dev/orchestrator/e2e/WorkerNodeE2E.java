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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Two real nodes: the all-in-one's own (node A, containerd on bridge orch241) and a worker from
 * {@code worker.jar} (node B, orch242) that joins it over the API, as {@code ./orch join} does.
 * Pods pinned to each node run and reach each other by pod IP; the worker keeps its containers while
 * the API server is gone (kill -9) and resyncs when it returns; when the worker is killed instead, its pods
 * move to node A within a minute (the fast failover profile). Everything made is removed afterwards.
 */
@ResourceLock(RealNode.HOST)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WorkerNodeE2E {

    private static final String NODE_A = "node-a";
    private static final String NODE_B = "node-b";
    private Path work;
    private RealNode nodeA;
    private RealNode nodeB;
    private AllInOne cluster;
    /**
     * The fast failover profile of docs/node-lifecycle.md, as {@code ./orch up --fast-failover} writes it: a node
     * silent for 10 s is Unknown, its pods leave it 5 s later (and every kubelet renews its Lease each 2 s).
     */
    private static final Map<String, String> FAST_FAILOVER = Map.of(
            "orchestrator.controllers.nodelifecycle.cfg", "nodeMonitorGracePeriodSeconds=10\n",
            "orchestrator.apiserver.cfg", "defaultNotReadyTolerationSeconds=5\ndefaultUnreachableTolerationSeconds=5\n");
    private Worker worker;
    private Map<String, String> workerEtc;
    private String busybox;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(RealNode.available(), "needs root and containerd (./orch test installs it)");
        long t0 = System.nanoTime();
        work = Files.createTempDirectory("orch-worker-e2e");
        nodeA = RealNode.start(work.resolve("a"), 241);
        nodeB = RealNode.startSharingRegistry(work.resolve("b"), 242, nodeA);
        long nodesUp = System.nanoTime();
        busybox = nodeA.registry() + "/busybox:1";
        Map<String, String> etcA = new LinkedHashMap<>(nodeA.kubeletConfig(NODE_A));
        etcA.putAll(FAST_FAILOVER);
        etcA.merge("orchestrator.kubelet.cfg", "leaseRenewSeconds=2\n", String::concat);
        // spread replicas over the two nodes (the default strategy fills one node first)
        etcA.put("orchestrator.scheduler.cfg", "strategy=spread\n");
        cluster = AllInOne.startWith(etcA);
        long apiUp = System.nanoTime();
        Map<String, String> etc = new LinkedHashMap<>(nodeB.kubeletConfig(NODE_B));
        // a short lease period (the fast failover profile's), so that the test sees the heartbeat resume soon
        // after the API returns
        etc.merge("orchestrator.kubelet.cfg", "leaseRenewSeconds=2\n", String::concat);
        workerEtc = etc;
        worker = Worker.start(work.resolve("worker"), cluster.url(), etc);
        for (String node : new String[] {NODE_A, NODE_B}) {
            Eventually.until("node " + node + " Ready", 90, () -> jsonpath("node", node,
                    "{.status.conditions[?(@.type==\"Ready\")].status}"), "True"::equals);
        }
        System.out.printf("set up: two node environments %d ms, all-in-one ready %d ms, both nodes Ready %d ms%n",
                ms(nodesUp - t0), ms(apiUp - nodesUp), ms(System.nanoTime() - apiUp));
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @AfterAll
    void stop() throws Exception {
        long t0 = System.nanoTime();
        try (AutoCloseable dir = this::deleteWork; AutoCloseable a = nodeA; AutoCloseable b = nodeB;
                AutoCloseable c = cluster; AutoCloseable w = worker) {
            // closed in reverse order: the worker, the all-in-one, node B, node A (and its registry), the files
        } finally {
            System.out.printf("torn down in %d ms%n", ms(System.nanoTime() - t0));
        }
    }

    private void deleteWork() throws Exception {
        if (work != null) {
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void podsOnBothNodesRunAndReachEachOtherByPodIp() throws Exception {
        pod("web-a", NODE_A, "httpd -f -p 80 -h /www");
        pod("web-b", NODE_B, "httpd -f -p 80 -h /www");
        String ipA = runningPodIp("web-a");
        String ipB = runningPodIp("web-b");
        assertTrue(ipA.startsWith("10.244.241.") && ipB.startsWith("10.244.242."), ipA + " " + ipB);
        assertEquals(NODE_B, jsonpath("pod", "web-b", "{.spec.nodeName}"));
        // from the host to both pods
        for (String ip : new String[] {ipA, ipB}) {
            Eventually.until("GET http://" + ip + "/ from the host", 30, () -> get(ip),
                    b -> b.contains("hello from orchestrator"));
        }
        // from a pod on one node to a pod on the other, both ways (nc: the static busybox's wget
        // crashes without NSS libraries in the image)
        String probe = "until printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 %s 80 | grep -q 'hello from orchestrator';"
                + " do sleep 1; done; echo reached %1$s; sleep 3600";
        pod("probe-a", NODE_A, probe.formatted(ipB));
        pod("probe-b", NODE_B, probe.formatted(ipA));
        awaitLog(nodeA, "probe-a", "reached " + ipB);
        awaitLog(nodeB, "probe-b", "reached " + ipA);
        // Both nodes share this machine's kernel, which routes the two bridges itself: each node's host-gw
        // routes bundle sees the other and adds no route (between machines it would route the other's range).
        Eventually.until("node A's host-gw sees node B on this machine", 30, cluster::log,
                l -> l.contains("no route to node node=" + NODE_B + " reason=\"has an InternalIP of this machine"));
        Eventually.until("node B's host-gw sees node A on this machine", 30, worker::log,
                l -> l.contains("no route to node node=" + NODE_A + " reason=\"has an InternalIP of this machine"));
    }

    @Test
    void aServiceSpanningBothNodesAnswersFromBoth() throws Exception {
        for (String[] placed : new String[][] {{"span-a", NODE_A}, {"span-b", NODE_B}}) {
            ok(cluster.kubectlWithInput("""
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"span"}},
                     "spec":{"nodeSelector":{"kubernetes.io/hostname":"%s"},"terminationGracePeriodSeconds":1,
                      "containers":[{"name":"main","image":"%s","ports":[{"containerPort":8080}],
                       "command":["sh","-c","hostname > /www/index.html; exec httpd -f -p 8080 -h /www"]}]}}
                    """.formatted(placed[0], placed[1], busybox), "create", "-f", "-"));
        }
        ok(cluster.kubectlWithInput("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"span"},
                 "spec":{"selector":{"app":"span"},"ports":[{"port":80,"targetPort":8080}]}}""", "create", "-f", "-"));
        String vip = jsonpath("service", "span", "{.spec.clusterIP}");
        Map<String, Integer> answers = Eventually.until("both nodes' pods answer on " + vip, 90,
                () -> ServicesE2E.requestsFromHost(vip, 80, 40), m -> m.keySet().equals(Set.of("span-a", "span-b")));
        assertEquals(40, answers.values().stream().mapToInt(Integer::intValue).sum());
        // each node's proxy programs the Service in chains of its own (the worker's too, not only the all-in-one's)
        for (RealNode node : new RealNode[] {nodeA, nodeB}) {
            String chains = node.iptablesChainPrefix() + "-";
            Eventually.until("the " + vip + " rule in " + chains + " chains", 30,
                    () -> HostCommand.run("iptables-save", "-t", "nat"),
                    rules -> rules.lines().anyMatch(l -> l.startsWith("-A " + chains) && l.contains(vip + "/32")));
        }
        // from a pod on node B through the virtual IP to the pod on node A (and its own)
        pod("span-client", NODE_B, "sleep 3600");
        awaitPhase("span-client", "Running");
        String seen = ok(cluster.kubectl("exec", "span-client", "--", "sh", "-c", ServicesE2E.getLoop(vip, 80, 40))).out();
        assertEquals(Set.of("span-a", "span-b"), Set.copyOf(seen.lines().map(String::trim).toList()), seen);
    }

    @Test
    void theWorkerKeepsItsPodsWhileTheApiIsGoneAndResyncsWhenItReturns() throws Exception {
        pod("keep-b", NODE_B, "sleep 3600");
        awaitPhase("keep-b", "Running");
        String id = jsonpath("pod", "keep-b", "{.status.containerStatuses[0].containerID}").replace("containerd://", "");

        cluster.kill();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            assertTrue(worker.isAlive(), "the worker exited while the API was gone");
            assertTrue(runningTask(nodeB, id), "container " + id + " stopped while the API was gone:\n"
                    + nodeB.ctr("tasks", "ls"));
            Thread.sleep(3000);
        }
        Instant back = Instant.now();
        cluster.relaunch();
        long relaunched = System.nanoTime();

        Eventually.until("node " + NODE_B + " Ready", 60, () -> jsonpath("node", NODE_B,
                "{.status.conditions[?(@.type==\"Ready\")].status}"), "True"::equals);
        Eventually.until("node " + NODE_B + "'s lease renewed after the restart", 60,
                () -> leaseRenewTime(NODE_B),
                t -> t.startsWith("20") && Instant.parse(t).isAfter(back));
        long leaseMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - relaunched);
        assertEquals("Running", jsonpath("pod", "keep-b", "{.status.phase}"));
        assertEquals("containerd://" + id, jsonpath("pod", "keep-b", "{.status.containerStatuses[0].containerID}"));
        assertEquals("0", jsonpath("pod", "keep-b", "{.status.containerStatuses[0].restartCount}"));
        assertTrue(runningTask(nodeB, id), nodeB.ctr("tasks", "ls"));
        // the worker watches its pods again: a pod bound to it now runs. Bound at creation (spec.nodeName),
        // since the restarted scheduler first waits for the lease its killed predecessor held.
        create("after-b", "\"nodeName\":\"" + NODE_B + "\"", "sleep 3600");
        awaitPhase("after-b", "Running");
        System.out.printf("after the API returned: node B's lease renewed in %d ms, a new pod Running on node B in %d ms%n",
                leaseMs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - relaunched));
        assertEquals(id, jsonpath("pod", "keep-b", "{.status.containerStatuses[0].containerID}").replace("containerd://", ""));
    }

    /**
     * kill -9 of the worker: node B turns Unknown, its pods are evicted and replaced on node A while the Service
     * keeps answering; the worker started again removes the evicted pods' containers and its node loses the
     * taints. Last, since it takes node B away for a while.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void podsOfAKilledWorkerRunOnTheOtherNodeWithinAMinute() throws Exception {
        ok(cluster.kubectlWithInput("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"failover"},
                 "spec":{"replicas":4,"selector":{"matchLabels":{"app":"failover"}},
                  "template":{"metadata":{"labels":{"app":"failover"}},
                   "spec":{"terminationGracePeriodSeconds":1,
                    "topologySpreadConstraints":[{"maxSkew":1,"topologyKey":"kubernetes.io/hostname",
                     "whenUnsatisfiable":"ScheduleAnyway","labelSelector":{"matchLabels":{"app":"failover"}}}],
                    "containers":[{"name":"httpd","image":"%s","resources":{"requests":{"cpu":"50m"}},
                     "command":["sh","-c","hostname > /www/index.html; exec httpd -f -p 8080 -h /www"],
                     "readinessProbe":{"httpGet":{"path":"/","port":8080},"periodSeconds":1}}]}}}}
                """.formatted(busybox), "create", "-f", "-"));
        ok(cluster.kubectlWithInput("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"failover"},
                 "spec":{"selector":{"app":"failover"},"ports":[{"port":80,"targetPort":8080}]}}""", "create", "-f", "-"));
        Map<String, String> before = Eventually.until("4 ready failover pods on both nodes", 120, this::readyFailoverPods,
                m -> m.size() == 4 && m.containsValue(NODE_A) && m.containsValue(NODE_B));
        String vip = jsonpath("service", "failover", "{.spec.clusterIP}");
        Eventually.until("the failover service answers", 60, () -> ServicesE2E.get(vip, 80), a -> a.startsWith("failover-"));

        ServiceProbe probe = new ServiceProbe(vip);
        Thread prober = new Thread(probe, "failover-prober");
        prober.start();
        long killed = System.nanoTime();
        worker.kill();
        Eventually.until("node " + NODE_B + " not Ready", 60, () -> jsonpath("node", NODE_B,
                "{.status.conditions[?(@.type==\"Ready\")].status}"), s -> !s.equals("True"));
        long notReady = System.nanoTime();
        Eventually.until("4 ready failover pods, all on " + NODE_A, 60, this::readyFailoverPods,
                m -> m.size() == 4 && !m.containsValue(NODE_B));
        long replaced = System.nanoTime();
        probe.stop();
        prober.join();
        System.out.printf("node failure (fast failover profile): node %s not Ready after %d ms; its %d pods ready on %s "
                        + "after %d ms; the service answered %d of %d requests meanwhile%n", NODE_B, ms(notReady - killed),
                before.values().stream().filter(NODE_B::equals).count(), NODE_A, ms(replaced - killed),
                probe.answered, probe.sent);
        assertTrue(probe.answered >= probe.sent * 0.9, "the service kept answering: " + probe.answered + " of " + probe.sent);
        String taints = jsonpath("node", NODE_B, "{.spec.taints[*].key}");
        assertTrue(taints.contains("node.kubernetes.io/unreachable"), taints);
        String events = ok(cluster.kubectl("get", "events", "--field-selector", "reason=TaintManagerEviction")).out();
        assertTrue(events.contains("Marking for deletion Pod default/failover-"), events);

        // the worker comes back: its node is Ready and untainted, the evicted pods' containers are stopped and gone
        worker = Worker.start(work.resolve("worker"), cluster.url(), workerEtc);
        Eventually.until("node " + NODE_B + " Ready again", 90, () -> jsonpath("node", NODE_B,
                "{.status.conditions[?(@.type==\"Ready\")].status}"), "True"::equals);
        Eventually.until("node " + NODE_B + "'s lifecycle taints removed", 30,
                () -> jsonpath("node", NODE_B, "{.spec.taints[*].key}"), t -> !t.contains("node.kubernetes.io/"));
        for (var pod : before.entrySet()) {
            if (pod.getValue().equals(NODE_B)) {
                Eventually.until("evicted pod " + pod.getKey() + " gone", 60, () -> cluster.kubectl("get", "pod",
                        pod.getKey()).err(), e -> e.contains("NotFound"));
            }
        }
    }

    /**
     * Name → node of the ready pods of the failover Deployment that are not being deleted (a deletion timestamp
     * runs into the Ready status, which then no longer reads "True").
     */
    private Map<String, String> readyFailoverPods() throws Exception {
        String out = ok(cluster.kubectl("get", "pods", "-l", "app=failover", "-o", "jsonpath={range .items[*]}"
                + "{.metadata.name} {.spec.nodeName} {.metadata.deletionTimestamp}"
                + "{.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}")).out();
        Map<String, String> ready = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            String[] f = line.trim().split(" ");
            if (f.length == 3 && f[2].equals("True")) {
                ready.put(f[0], f[1]);
            }
        }
        return ready;
    }

    /** Requests to a virtual IP from the host, one every 200 ms, until stopped. */
    private static final class ServiceProbe implements Runnable {
        private final String vip;
        private volatile boolean stopped;
        volatile int sent;
        volatile int answered;

        ServiceProbe(String vip) {
            this.vip = vip;
        }

        void stop() {
            stopped = true;
        }

        @Override
        public void run() {
            while (!stopped) {
                sent++;
                if (ServicesE2E.get(vip, 80).startsWith("failover-")) {
                    answered++;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** A pod pinned to {@code node} (nodeSelector kubernetes.io/hostname) running {@code sh -c script}. */
    private void pod(String name, String node, String script) throws Exception {
        create(name, "\"nodeSelector\":{\"kubernetes.io/hostname\":\"" + node + "\"}", script);
    }

    /** A pod placed by {@code placement} (a JSON member of its spec) running {@code sh -c script}. */
    private void create(String name, String placement, String script) throws Exception {
        ok(cluster.kubectlWithInput("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},
                 "spec":{%s,"terminationGracePeriodSeconds":2,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c",%s]}]}}
                """.formatted(name, placement, busybox, quote(script)), "create", "-f", "-"));
    }

    private String runningPodIp(String pod) throws Exception {
        awaitPhase(pod, "Running");
        return jsonpath("pod", pod, "{.status.podIP}");
    }

    private void awaitPhase(String pod, String phase) throws Exception {
        Eventually.until("pod " + pod + " " + phase, 90, () -> jsonpath("pod", pod, "{.status.phase}"), phase::equals);
    }

    private void awaitLog(RealNode node, String pod, String text) throws Exception {
        String uid = jsonpath("pod", pod, "{.metadata.uid}");
        Path log = node.podLogs().resolve("default_" + pod + "_" + uid).resolve("main/0.log");
        Eventually.until(pod + "'s log says '" + text + "'", 30, () -> Files.exists(log) ? Files.readString(log) : "",
                l -> l.contains(text));
    }

    private static boolean runningTask(RealNode node, String containerId) throws Exception {
        return node.ctr("tasks", "ls").lines().anyMatch(l -> l.startsWith(containerId) && l.contains("RUNNING"));
    }

    private static String get(String ip) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://" + ip + "/")).timeout(Duration.ofSeconds(3))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private String jsonpath(String kind, String name, String path) throws Exception {
        return cluster.jsonpath(kind, name, path);
    }

    private String leaseRenewTime(String node) throws Exception {
        AllInOne.Result r = cluster.kubectl("get", "lease", node, "-n", "kube-node-lease", "-o",
                "jsonpath={.spec.renewTime}");
        return r.exit() == 0 ? r.out().trim() : "<" + r.err().trim() + ">";
    }

    private static AllInOne.Result ok(AllInOne.Result r) {
        return AllInOne.ok(r);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
