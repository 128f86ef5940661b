package dev.orchestrator.runtime.cri.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real node for the tests, made and removed by the project's {@code node/node-env.sh} (system property
 * {@value #SCRIPT_PROPERTY}, set by the module's surefire configuration): a loopback registry on a free port holding
 * {@code pause:1} and {@code busybox:1}, and node {@value #INDEX} (bridge orch249, pods in 10.244.249.0/24) whose
 * containerd has only the pause image: busybox must be pulled through CRI. Layout of {@link #dir()}:
 * {@code node/} (the node, so its socket sits where the component looks by default when the framework property
 * orchestrator.data.dir is {@link #dir()}) and {@code registry/}.
 */
final class CriNode implements AutoCloseable {

    static final String SCRIPT_PROPERTY = "node.env.script";
    static final String IMAGES_PROPERTY = "node.images";
    /** Index 249: above the cluster range (0..200), apart from the 250+ of other tests. */
    static final int INDEX = 249;

    private static final Logger LOG = LoggerFactory.getLogger(CriNode.class);
    private static final Path SCRIPT =
            Path.of(System.getProperty(SCRIPT_PROPERTY, "../node/node-env.sh")).toAbsolutePath().normalize();
    private static final Path IMAGES =
            Path.of(System.getProperty(IMAGES_PROPERTY, "target/node-images")).toAbsolutePath().normalize();

    private final Path dir;
    private final Map<String, String> env;

    private CriNode(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    /** Skips the calling test unless it runs as root with containerd (and the node script) available. */
    static void assumeAvailable() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/containerd")), "needs containerd");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")), "needs runc");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/lib/cni/bridge")), "needs CNI plugins");
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "needs " + SCRIPT);
    }

    /** Starts the registry and the node; the caller closes it (after removing its sandboxes through CRI). */
    static CriNode start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("cri-node-");
        int port = freePort();
        long t0 = System.nanoTime();
        try {
            run("registry-up", dir.resolve("registry").toString(), "--port", Integer.toString(port));
            run("up", dir.resolve("node").toString(), "--index", Integer.toString(INDEX), "--registry-port",
                    Integer.toString(port), "--images", IMAGES.toString());
            CriNode node = new CriNode(dir, readEnv(dir.resolve("node/node.env")));
            LOG.info("node {} up ms={} script={} env={}", INDEX, (System.nanoTime() - t0) / 1_000_000, SCRIPT,
                    node.env);
            return node;
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                new CriNode(dir, Map.of()).close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The framework property orchestrator.data.dir under which the component finds this node's socket. */
    Path dir() {
        return dir;
    }

    CriEndpoint endpoint() {
        return CriEndpoint.parse(env("CRI_ENDPOINT"));
    }

    /** The pod range of the node, {@code 10.244.249.0/24}. */
    String podCidr() {
        return env("POD_CIDR");
    }

    /** What every pod IP of this node starts with, {@code 10.244.249.}. */
    String podIpPrefix() {
        String cidr = podCidr();
        return cidr.substring(0, cidr.lastIndexOf('.') + 1);
    }

    /** The cgroup parent of the node's pods ({@code /orch249}); {@code down} removes it. */
    String cgroupParent() {
        return env("CGROUP_PARENT");
    }

    /** {@code 127.0.0.1:<port>/busybox:1}: in the registry only, not in containerd until pulled. */
    String busybox() {
        return env("REGISTRY") + "/busybox:1";
    }

    private String env(String name) {
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("node.env of " + dir + " has no " + name + ": " + env);
        }
        return value;
    }

    /**
     * {@code down} (containers, containerd, shims, mounts, cgroups, bridge, routes, rules), then
     * {@code registry-down}, then the directory. Fails when {@code down} reports something it could not remove
     * (the directory is then kept for a look and a second {@code down}).
     */
    @Override
    public void close() {
        long t0 = System.nanoTime();
        IllegalStateException failure = null;
        try {
            run("down", dir.resolve("node").toString());
        } catch (IOException | InterruptedException e) {
            failure = new IllegalStateException("node-env.sh down failed for " + dir, e);
        }
        try {
            run("registry-down", dir.resolve("registry").toString());
        } catch (IOException | InterruptedException e) {
            IllegalStateException f = new IllegalStateException("node-env.sh registry-down failed for " + dir, e);
            if (failure == null) {
                failure = f;
            } else {
                failure.addSuppressed(f);
            }
        }
        if (failure != null) {
            throw failure;
        }
        try {
            deleteTree(dir);
        } catch (IOException e) {
            throw new IllegalStateException("could not delete " + dir, e);
        }
        LOG.info("node {} down ms={}", INDEX, (System.nanoTime() - t0) / 1_000_000);
    }

    private static void run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("node-env-", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("node-env.sh " + String.join(" ", args) + " timed out");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException(
                        "node-env.sh " + String.join(" ", args) + " failed (" + p.exitValue() + "):\n" + output);
            }
            LOG.debug("node-env.sh {}:\n{}", String.join(" ", args), output);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
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

    /** Deletes the tree without following links (down has unmounted everything under it). */
    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
