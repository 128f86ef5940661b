package dev.orchestrator.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real node's environment for end-to-end tests, made by {@code node/node-env.sh}: locally built
 * images in a loopback registry, an isolated containerd with runc and a CNI bridge of its own.
 * {@link #close()} removes everything (containers, containerd, registry, bridge, routes, rules).
 */
final class RealNode implements AutoCloseable {

    /**
     * What test classes with a real node share on this machine (containerd, bridges, routes, iptables and nft
     * rules, the image registry, the test images): those classes hold this lock, so that they run one at a time
     * while the others run beside them (junit-platform.properties).
     */
    static final String HOST = "the host's node resources";

    private static final Path SCRIPT = Path.of(System.getProperty("node.env.script", "../node/node-env.sh"))
            .toAbsolutePath().normalize();

    private final Path dir;
    private final int index;
    private final Map<String, String> env;
    private final boolean ownsRegistry;

    private RealNode(Path dir, int index, Map<String, String> env, boolean ownsRegistry) {
        this.dir = dir;
        this.index = index;
        this.env = env;
        this.ownsRegistry = ownsRegistry;
    }

    /** Whether this machine can run a real node (root, containerd installed). */
    static boolean available() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/containerd"));
    }

    /**
     * Starts a registry (on a free loopback port) and node {@code index} (bridge orch{index},
     * pods in 10.244.{index}.0/24) under {@code dir}.
     */
    static RealNode start(Path dir, int index) throws Exception {
        Path images = Path.of(System.getProperty("node.images", dir.resolve("images").toString()));
        Files.createDirectories(images);
        run("images", images.toString());
        int port = freePort();
        run("registry-up", dir.resolve("registry").toString(), "--port", Integer.toString(port));
        return up(dir, index, port, images, true);
    }

    /**
     * Starts node {@code index} under {@code dir} pulling from the registry of {@code registryOwner}
     * (another node of the same cluster); {@link #close()} leaves that registry running.
     */
    static RealNode startSharingRegistry(Path dir, int index, RealNode registryOwner) throws Exception {
        Path images = Path.of(System.getProperty("node.images", dir.resolve("images").toString()));
        Files.createDirectories(images);
        String registry = registryOwner.registry();
        return up(dir, index, Integer.parseInt(registry.substring(registry.indexOf(':') + 1)), images, false);
    }

    private static RealNode up(Path dir, int index, int registryPort, Path images, boolean ownsRegistry)
            throws Exception {
        RealNode node = null;
        try {
            run("up", dir.resolve("node").toString(), "--index", Integer.toString(index), "--registry-port",
                    Integer.toString(registryPort), "--images", images.toString());
            node = new RealNode(dir, index, readEnv(dir.resolve("node/node.env")), ownsRegistry);
            return node;
        } finally {
            if (node == null) {
                run("down", dir.resolve("node").toString());
                if (ownsRegistry) {
                    run("registry-down", dir.resolve("registry").toString());
                }
            }
        }
    }

    /** The configuration files that make an all-in-one's kubelet run this node (file name → content). */
    Map<String, String> kubeletConfig(String nodeName) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("orchestrator.kubelet.cfg", String.join("\n", "nodeName=" + nodeName, "nodeIP=" + env.get("NODE_IP"),
                "podCIDR=" + env.get("POD_CIDR"), "cgroupParent=" + env.get("CGROUP_PARENT"),
                "podLogsDir=" + dir.resolve("pods"), "relistMillis=500", "statusCheckSeconds=2",
                // pods' tmpfs volumes (every ServiceAccount token) below the node's directory, which down unmounts
                "volumesDir=" + dir.resolve("node/volumes"),
                "clusterDNS=" + env.get("NODE_IP"), ""));
        files.put("orchestrator.runtime.cri.cfg", "endpoint=" + env.get("CRI_ENDPOINT") + "\n");
        files.put("orchestrator.proxy.cfg", String.join("\n", "nodeName=" + nodeName,
                "nodeAddresses=" + env.get("NODE_IP") + ",127.0.0.1", "clusterCidrs=" + env.get("CLUSTER_CIDR"), ""));
        files.put(IPTABLES_PROXY_CFG, iptablesProxyConfig());
        files.put("orchestrator.dns.cfg", "listenAddress=" + env.get("NODE_IP") + "\n");
        files.put("orchestrator.network.hostgw.cfg", "nodeName=" + nodeName + "\nclusterCidr=" + env.get("CLUSTER_CIDR") + "\n");
        return files;
    }

    static final String IPTABLES_PROXY_CFG = "orchestrator.proxy.iptables.cfg";
    static final String NFTABLES_PROXY_CFG = "orchestrator.proxy.nftables.cfg";

    /**
     * The chains of this node's iptables proxy: every node of the machine shares its kernel, so each node's
     * proxy owns chains of its own ({@code ORCH<index>-…}), as {@code ./orch join} sets it up.
     */
    String iptablesChainPrefix() {
        return "ORCH" + index;
    }

    /** The nftables proxy's table of this node ({@code ip orch<index>}). */
    String nftablesTable() {
        return "orch" + index;
    }

    String iptablesProxyConfig() {
        return "chainPrefix=" + iptablesChainPrefix() + "\n";
    }

    String nftablesProxyConfig() {
        return "table=" + nftablesTable() + "\n";
    }

    /** Whether this machine can also run the node's dockerd (docker.io installed). */
    static boolean dockerAvailable() {
        return available() && Files.isExecutable(Path.of("/usr/sbin/dockerd"));
    }

    /** Starts a dockerd beside this node's containerd ({@code docker-up}); {@link #close()} removes it with the node. */
    void startDocker() throws Exception {
        run("docker-up", dir.resolve("node").toString());
        env.putAll(readEnv(dir.resolve("node/node.env")));
    }

    /**
     * The configuration of the Docker runtime for this node (file name → content): its dockerd, the node's CNI
     * configuration (the one containerd uses, so docker pods join the same bridge) and the registry's pause image.
     */
    Map<String, String> dockerConfig() {
        Path node = dir.resolve("node");
        return Map.of("orchestrator.runtime.docker.cfg", String.join("\n", "endpoint=" + env.get("DOCKER_ENDPOINT"),
                "cniConfDir=" + node.resolve("cni/net.d"), "cniResultDir=" + node.resolve("cni/docker-results"),
                "pauseImage=" + registry() + "/pause:1", ""));
    }

    /** Runs the docker client against this node's dockerd and returns its output. */
    String docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/docker", "-H", env.get("DOCKER_ENDPOINT")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("docker " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    /** {@code 127.0.0.1:<port>}: where the test images are ({@code <registry>/busybox:1}). */
    /** The node's address: its bridge's, where its pods reach the host. */
    String nodeIp() {
        return env.get("NODE_IP");
    }

    String registry() {
        return env.get("REGISTRY");
    }

    String criEndpoint() {
        return env.get("CRI_ENDPOINT");
    }

    Path podLogs() {
        return dir.resolve("pods");
    }

    /** Runs {@code ctr} against this node's containerd (namespace k8s.io) and returns its output. */
    String ctr(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ctr", "-a", env.get("CRI_ENDPOINT").replace("unix://", ""),
                "-n", "k8s.io"));
        command.addAll(List.of(args));
        return HostCommand.run(command);
    }

    /** Stops this node's containerd only (its containers keep running in their shims). */
    void stopContainerd() throws Exception {
        String pid = Files.readString(dir.resolve("node/containerd.pid")).trim();
        new ProcessBuilder("kill", "-TERM", pid).inheritIO().start().waitFor();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Files.exists(Path.of("/proc/" + pid)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** Starts containerd again (what {@code up} does for a node whose containerd is gone). */
    void startContainerd() throws Exception {
        run("up", dir.resolve("node").toString(), "--index", Integer.toString(index), "--registry-port",
                registry().substring(registry().indexOf(':') + 1));
    }

    @Override
    public void close() throws Exception {
        try {
            run("down", dir.resolve("node").toString());
        } finally {
            if (ownsRegistry) {
                run("registry-down", dir.resolve("registry").toString());
            }
        }
    }

    private static void run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("node-env.sh " + String.join(" ", args) + " failed:\n" + out);
        }
    }

    private static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim().replaceAll("^['\"]|['\"]$", ""));
            }
        }
        return env;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
