package dev.orchestrator.runtime.docker.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * A real node for the tests, made and removed by the project's {@code node/node-env.sh}: a loopback registry on a
 * free port holding {@code pause:1} and {@code busybox:1}, node {@value #INDEX} (bridge orch246, pods in
 * 10.244.246.0/24, its containerd and CNI conflist) and a dockerd beside it ({@code docker-up}) that holds only the
 * pause image: busybox must be pulled through the Docker API. Layout of {@link #dir()}: {@code node/} and
 * {@code registry/}, so the component's defaults find the node when orchestrator.data.dir is {@link #dir()}.
 */
final class DockerNode implements AutoCloseable {

    /** Index 246: the one given to the Docker runtime's tests, apart from every other test's. */
    static final int INDEX = 246;

    private static final Logger LOG = LoggerFactory.getLogger(DockerNode.class);
    private static final Path SCRIPT =
            Path.of(System.getProperty("node.env.script", "../node/node-env.sh")).toAbsolutePath().normalize();
    private static final Path IMAGES =
            Path.of(System.getProperty("node.images", "target/node-images")).toAbsolutePath().normalize();

    private final Path dir;
    private final Map<String, String> env;

    private DockerNode(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    /** Skips the calling test unless it runs as root with dockerd, containerd and the CNI plugins installed. */
    static void assumeAvailable() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/dockerd")), "needs dockerd (docker.io)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/containerd")), "needs containerd");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/lib/cni/bridge")), "needs CNI plugins");
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "needs " + SCRIPT);
    }

    static DockerNode start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("docker-node-");
        int port = freePort();
        long t0 = System.nanoTime();
        try {
            run("registry-up", dir.resolve("registry").toString(), "--port", Integer.toString(port));
            run("up", dir.resolve("node").toString(), "--index", Integer.toString(INDEX), "--registry-port",
                    Integer.toString(port), "--images", IMAGES.toString());
            run("docker-up", dir.resolve("node").toString());
            DockerNode node = new DockerNode(dir, readEnv(dir.resolve("node/node.env")));
            LOG.info("node {} with dockerd up ms={} env={}", INDEX, (System.nanoTime() - t0) / 1_000_000, node.env);
            return node;
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                new DockerNode(dir, Map.of()).close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    Path dir() {
        return dir;
    }

    Path socket() {
        return DockerNodePaths.parseEndpoint(env("DOCKER_ENDPOINT"));
    }

    /** The runtime's paths as the component resolves them by default for this node. */
    DockerNodePaths paths() {
        Path node = dir.resolve("node");
        return new DockerNodePaths(socket(), node.resolve("cni/net.d"), Path.of("/usr/lib/cni"),
                node.resolve("cni/docker-results"), DockerNodePaths.defaultPauseImage(node));
    }

    String podIpPrefix() {
        String cidr = env("POD_CIDR");
        return cidr.substring(0, cidr.lastIndexOf('.') + 1);
    }

    String cgroupParent() {
        return env("CGROUP_PARENT");
    }

    String registry() {
        return env("REGISTRY");
    }

    String busybox() {
        return registry() + "/busybox:1";
    }

    private String env(String name) {
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("node.env of " + dir + " has no " + name + ": " + env);
        }
        return value;
    }

    /** {@code down} (dockerd and its containers first, then the node), {@code registry-down}, the directory. */
    @Override
    public void close() {
        IllegalStateException failure = null;
        for (String[] args : List.of(new String[] {"down", dir.resolve("node").toString()},
                new String[] {"registry-down", dir.resolve("registry").toString()})) {
            try {
                run(args);
            } catch (IOException | InterruptedException e) {
                IllegalStateException f = new IllegalStateException("node-env.sh " + args[0] + " failed for " + dir, e);
                if (failure == null) {
                    failure = f;
                } else {
                    failure.addSuppressed(f);
                }
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
    }

    static void run(String... args) throws IOException, InterruptedException {
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
                throw new IOException("node-env.sh " + String.join(" ", args) + " failed (" + p.exitValue() + "):\n"
                        + output);
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

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
