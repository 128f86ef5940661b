package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An all-in-one whose kubelet runs pods on a real node (containerd, runc, a CNI bridge; {@link RealNode}),
 * with the helpers every real-container test needs: kubectl with its exit checked, jsonpath reads, pods
 * running a shell script, waits for a phase. A test class starts one in {@code @BeforeAll} and closes it
 * in {@code @AfterAll}; closing removes the node, the cluster and the work directory.
 */
final class RealNodeCluster implements AutoCloseable {

    final String nodeName;
    final Path work;
    final RealNode node;
    final AllInOne cluster;
    /** The busybox image in the node's registry. */
    final String busybox;

    private RealNodeCluster(String nodeName, Path work, RealNode node, AllInOne cluster) {
        this.nodeName = nodeName;
        this.work = work;
        this.node = node;
        this.cluster = cluster;
        this.busybox = node.registry() + "/busybox:1";
    }

    /**
     * Starts node {@code index} (bridge orch{index}, pods in 10.244.{index}.0/24) and an all-in-one whose
     * kubelet runs it as {@code nodeName}, with extra configuration files, and waits until the node is Ready.
     */
    static RealNodeCluster start(String nodeName, int index, Map<String, String> extraEtcFiles) throws Exception {
        return start(nodeName, index, extraEtcFiles, nodeDir -> "");
    }

    /** As {@link #start(String, int)}, with a dockerd beside the node's containerd and the Docker runtime bundle on it. */
    static RealNodeCluster startWithDocker(String nodeName, int index) throws Exception {
        return start(nodeName, index, Map.of(), nodeDir -> "", true);
    }

    /** Prepares a started node before its kubelet runs (e.g. mounts), and says what to add to the kubelet's configuration. */
    interface KubeletExtras {
        /**
         * @param nodeDir the node's own directory: whatever is mounted below it is unmounted when the node is closed
         * @return lines ({@code key=value}) added to {@code orchestrator.kubelet.cfg}
         */
        String prepare(Path nodeDir) throws Exception;
    }

    static RealNodeCluster start(String nodeName, int index, Map<String, String> extraEtcFiles, KubeletExtras extras)
            throws Exception {
        return start(nodeName, index, extraEtcFiles, extras, false, false);
    }

    /**
     * As {@link #start(String, int)} on an all-in-one secured as {@code ./orch up} runs it (TLS, authentication,
     * RBAC), which also serves and advertises the API on the node's bridge address, so pods reach it.
     */
    static RealNodeCluster startSecured(String nodeName, int index) throws Exception {
        return start(nodeName, index, Map.of(), nodeDir -> "", false, true);
    }

    private static RealNodeCluster start(String nodeName, int index, Map<String, String> extraEtcFiles,
                                         KubeletExtras extras, boolean docker) throws Exception {
        return start(nodeName, index, extraEtcFiles, extras, docker, false);
    }

    private static RealNodeCluster start(String nodeName, int index, Map<String, String> extraEtcFiles,
                                         KubeletExtras extras, boolean docker, boolean secured)
            throws Exception {
        Path work = Files.createTempDirectory("orch-node-e2e");
        RealNode node = null;
        AllInOne cluster = null;
        try {
            node = RealNode.start(work, index);
            Map<String, String> etc = new LinkedHashMap<>(node.kubeletConfig(nodeName));
            if (docker) {
                node.startDocker();
                etc.putAll(node.dockerConfig());
            }
            etc.put("orchestrator.kubelet.cfg", etc.get("orchestrator.kubelet.cfg") + extras.prepare(work.resolve("node")));
            etc.putAll(extraEtcFiles);
            cluster = secured ? AllInOne.startSecured(etc, null,
                    java.util.List.of("-Dorchestrator.api.advertiseAddress=" + node.nodeIp()))
                    : AllInOne.startWith(etc);
            RealNodeCluster started = new RealNodeCluster(nodeName, work, node, cluster);
            Eventually.until("node " + nodeName + " Ready", 90, () -> started.jsonpath("node", nodeName,
                    "{.status.conditions[?(@.type==\"Ready\")].status}"), "True"::equals);
            return started;
        } catch (Exception | Error e) {
            close(cluster, node, work);
            throw e;
        }
    }

    static RealNodeCluster start(String nodeName, int index) throws Exception {
        return start(nodeName, index, Map.of());
    }

    /** A jsonpath of one object, or {@code <the error>} when kubectl fails. */
    String jsonpath(String kind, String name, String path) throws Exception {
        return cluster.jsonpath(kind, name, path);
    }

    /** kubectl that must succeed. */
    AllInOne.Result ok(String... args) throws Exception {
        return ok(cluster.kubectl(args));
    }

    static AllInOne.Result ok(AllInOne.Result r) {
        return AllInOne.ok(r);
    }

    void create(String json) throws Exception {
        ok(cluster.kubectlWithInput(json, "create", "-f", "-"));
    }

    /** A pod on this node, labelled {@code app=<name>}, with one container {@code main} running {@code sh -c script}. */
    void shPod(String name, String restartPolicy, String script, long grace) throws Exception {
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"%s"}},
                 "spec":{"restartPolicy":"%s","terminationGracePeriodSeconds":%d,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c",%s]}]}}
                """.formatted(name, name, restartPolicy, grace, busybox, quote(script)));
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    String awaitPhase(String pod, String phase) throws Exception {
        return Eventually.until("pod " + pod + " " + phase, 90, () -> jsonpath("pod", pod, "{.status.phase}"),
                phase::equals);
    }

    /** The log file of a pod's container as the runtime writes it on the node. */
    Path containerLog(String pod, String container, int attempt) throws Exception {
        String uid = jsonpath("pod", pod, "{.metadata.uid}");
        return node.podLogs().resolve("default_" + pod + "_" + uid).resolve(container + "/" + attempt + ".log");
    }

    @Override
    public void close() throws Exception {
        close(cluster, node, work);
    }

    private static void close(AllInOne cluster, RealNode node, Path work) throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            try {
                if (node != null) {
                    node.close();
                }
            } finally {
                try (Stream<Path> paths = Files.walk(work)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
