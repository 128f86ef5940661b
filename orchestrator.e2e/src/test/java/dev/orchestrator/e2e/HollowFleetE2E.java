package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1,000 hollow nodes (kubelet + runtime.sim, one JVM: the all-in-one's own) register, heartbeat and
 * run pods; the memory each costs is reported. The long version with numbers is bench/hollow-nodes.
 */
class HollowFleetE2E {

    private static final int NODES = 1000;
    private static final int PODS = 300;
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void aThousandHollowNodesRegisterHeartbeatAndRunPods() throws Exception {
        // the JVM settings of ./orch up (run/allinone.jvm.options, -Xmx1g): a thousand nodes fit in them
        try (AllInOne cluster = AllInOne.startWith(Map.of())) {
            long[] before = memory(cluster);
            Files.writeString(cluster.dir().resolve("etc/orchestrator.kubelet.hollow.cfg"),
                    "count=" + NODES + "\nnamePrefix=fleet-\ncapacityCpu=8\ncapacityMemory=32Gi\n");
            Eventually.until(NODES + " nodes Ready", 300, () -> readyNodes(cluster), n -> n >= NODES);
            String firstRenewal = renewTime(cluster, "fleet-0");
            Eventually.until("lease of fleet-0 renewed", 60, () -> renewTime(cluster, "fleet-0"),
                    t -> !t.isBlank() && !t.equals(firstRenewal));
            long leases = cluster.kubectl("get", "leases", "-n", "kube-node-lease", "--no-headers").out().lines()
                    .filter(l -> l.startsWith("fleet-")).count();
            assertEquals(NODES, leases, "every hollow node holds a lease");

            StringBuilder pods = new StringBuilder();
            for (int i = 0; i < PODS; i++) {
                pods.append("""
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: fleet-pod-%d, labels: {app: fleet}}
                        spec:
                          containers: [{name: c, image: busybox:1, command: [sleep, "3600"], resources: {requests: {cpu: 100m}}}]
                        ---
                        """.formatted(i));
            }
            assertEquals(0, cluster.kubectlWithInput(pods.toString(), "create", "-f", "-").exit());
            Eventually.until(PODS + " pods Running on hollow nodes", 300, () -> cluster.kubectl("get", "pods", "-l",
                    "app=fleet", "--field-selector", "status.phase=Running", "--no-headers").out().lines().count(),
                    n -> n == PODS);
            String nodesOfPods = cluster.kubectl("get", "pods", "-l", "app=fleet", "-o",
                    "jsonpath={.items[*].spec.nodeName}").out();
            assertTrue(nodesOfPods.contains("fleet-"), nodesOfPods);

            long[] after = memory(cluster);
            System.out.printf("hollow fleet: %d nodes, %d pods Running; heap after GC %d -> %d MiB (%d KiB per node), "
                    + "RSS %d -> %d MiB (%d KiB per node)%n", NODES, PODS, before[0] >> 20, after[0] >> 20,
                    (after[0] - before[0]) / NODES >> 10, before[1] >> 20, after[1] >> 20, (after[1] - before[1]) / NODES >> 10);
        }
    }

    private static long readyNodes(AllInOne cluster) throws Exception {
        return cluster.kubectl("get", "nodes", "--no-headers").out().lines()
                .filter(l -> l.startsWith("fleet-") && l.split("\\s+")[1].equals("Ready")).count();
    }

    private static String renewTime(AllInOne cluster, String node) throws Exception {
        return cluster.kubectl("get", "lease", node, "-n", "kube-node-lease", "-o", "jsonpath={.spec.renewTime}").out();
    }

    /** {heap used after a full GC, RSS} of the server process in bytes. */
    private static long[] memory(AllInOne cluster) throws Exception {
        jcmd(cluster.pid(), "GC.run");
        Matcher m = HEAP_USED.matcher(jcmd(cluster.pid(), "GC.heap_info"));
        long heap = m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
        long rss = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(cluster.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
            }
        }
        return new long[] {heap, rss};
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        return out;
    }
}
