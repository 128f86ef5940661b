package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The node lifecycle controller's zones, on hollow nodes in the fast failover profile: four nodes in zone a, one
 * in zone b. When three of zone a's kubelets stop at once the zone is partially disrupted (more than 2 and over
 * 55 % not ready) in a small cluster, so at most the first of them — tainted before the others went silent —
 * loses its pods; the others stay Unknown with their pods, as a partition should. Their kubelets back, the
 * nodes are Ready and untainted again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class NodeLifecycleE2E {

    private static final List<String> ZONE_A = List.of("zone-a1", "zone-a2", "zone-a3", "zone-a4");
    private static final String ZONE_B = "zone-b1";
    private static final List<String> SILENCED = ZONE_A.subList(0, 3);
    private final Map<String, String> kubeletFiles = new HashMap<>();
    private AllInOne cluster;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> etc = new HashMap<>();
        int subnet = 211;
        for (String node : List.of("zone-a1", "zone-a2", "zone-a3", "zone-a4", ZONE_B)) {
            String zone = node.equals(ZONE_B) ? "b" : "a";
            Map<String, String> files = HollowNode.config(node, subnet++, "leaseRenewSeconds=2",
                    "nodeLabels=topology.kubernetes.io/zone=" + zone);
            etc.putAll(files);
            kubeletFiles.put(node, files.get("orchestrator.kubelet-" + node + ".cfg"));
        }
        etc.put("orchestrator.controllers.nodelifecycle.cfg", "nodeMonitorGracePeriodSeconds=10\n");
        etc.put("orchestrator.apiserver.cfg", "defaultNotReadyTolerationSeconds=5\ndefaultUnreachableTolerationSeconds=5\n");
        etc.put("orchestrator.scheduler.cfg", "strategy=spread\n");
        cluster = AllInOne.startWith(etc);
        for (String node : kubeletFiles.keySet()) {
            cluster.awaitNodeReady(node);
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aPartitionedZoneKeepsItsPodsAndItsNodesComeBack() throws Exception {
        ok(cluster.kubectl("create", "deployment", "zoned", "--image=busybox:1", "--replicas=10"));
        // all ten bound before the count is taken: a pod bound to a node after it would read as a pod gained
        Map<String, Integer> before = Eventually.until("the ten zoned pods bound, some on every node", 90,
                this::podsByNode, byNode -> byNode.keySet().containsAll(kubeletFiles.keySet())
                        && byNode.values().stream().mapToInt(Integer::intValue).sum() == 10);

        for (String node : SILENCED) {
            Files.delete(kubeletFile(node)); // the kubelet stops: no more Lease renewals
        }
        for (String node : SILENCED) {
            Eventually.until("node " + node + " Unknown", 60, () -> ready(node), "Unknown"::equals);
        }
        // the taints settle; any eviction of a tainted node's pods (5 s toleration) would have started meanwhile
        Eventually.until("unreachable:NoSchedule on the silent nodes", 30, () -> SILENCED.stream()
                .allMatch(n -> taints(n).contains("node.kubernetes.io/unreachable:NoSchedule")), Boolean::booleanValue);
        Thread.sleep(15_000);
        List<String> evicting = SILENCED.stream().filter(n -> taints(n).contains("node.kubernetes.io/unreachable:NoExecute"))
                .toList();
        System.out.printf("zone a partially disrupted: NoExecute on %s of the silent nodes %s%n", evicting, SILENCED);
        assertTrue(evicting.size() <= 1, "a partially disrupted small zone evicts no more than its first node: " + evicting);
        Map<String, Integer> kept = podsByNode();
        for (String node : SILENCED) {
            if (!evicting.contains(node)) {
                assertEquals(before.get(node), kept.get(node), node + " keeps its pods");
            }
        }
        assertEquals("True", ready(ZONE_B));
        assertEquals("True", ready("zone-a4"));

        for (String node : SILENCED) {
            Files.writeString(kubeletFile(node), kubeletFiles.get(node));
        }
        for (String node : SILENCED) {
            Eventually.until("node " + node + " Ready again", 60, () -> ready(node), "True"::equals);
            Eventually.until("node " + node + "'s lifecycle taints gone", 30, () -> taints(node),
                    t -> !t.contains("node.kubernetes.io/"));
        }
        ok(cluster.kubectl("delete", "deployment", "zoned"));
    }

    private Path kubeletFile(String node) {
        return cluster.dir().resolve("etc/orchestrator.kubelet-" + node + ".cfg");
    }

    private String ready(String node) throws Exception {
        return cluster.kubectl("get", "node", node, "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").out().trim();
    }

    private String taints(String node) {
        try {
            return cluster.kubectl("get", "node", node, "-o",
                    "jsonpath={range .spec.taints[*]}{.key}:{.effect} {end}").out();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Node → pods of the zoned Deployment bound there and not being deleted. */
    private Map<String, Integer> podsByNode() throws Exception {
        String out = ok(cluster.kubectl("get", "pods", "-l", "app=zoned", "-o",
                "jsonpath={range .items[*]}{.spec.nodeName} {.metadata.deletionTimestamp}{\"\\n\"}{end}")).out();
        Map<String, Integer> byNode = new HashMap<>();
        for (String line : out.lines().toList()) {
            String[] f = line.trim().split(" ");
            if (f.length == 1 && !f[0].isEmpty()) {
                byNode.merge(f[0], 1, Integer::sum);
            }
        }
        return byNode;
    }

    private static AllInOne.Result ok(AllInOne.Result r) {
        return AllInOne.ok(r);
    }
}
