package dev.orchestrator.runtime.cri.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * An isolated containerd with a CNI bridge (orchcri0, 10.244.250.0/24) for the tests, made and removed by
 * {@code src/test/node/cri-node.sh}. The socket sits where the component looks by default when the framework
 * property orchestrator.data.dir is {@link #dir()}.
 */
final class CriNode implements AutoCloseable {

    private static final Path SCRIPT = Path.of("src/test/node/cri-node.sh").toAbsolutePath();
    private static final Path IMAGES = Path.of("target/cri-images").toAbsolutePath();

    private final Path dir;

    private CriNode(Path dir) {
        this.dir = dir;
    }

    /** Skips the calling test unless it runs as root with containerd, runc and the CNI plugins installed. */
    static void assumeAvailable() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/containerd")), "needs containerd");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")), "needs runc");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/lib/cni/bridge")), "needs CNI plugins");
    }

    /** Starts containerd; the caller closes it (after removing its sandboxes through CRI). */
    static CriNode start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("cri-node-");
        CriNode node = new CriNode(dir);
        try {
            run("up", dir.toString(), IMAGES.toString());
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    Path dir() {
        return dir;
    }

    CriEndpoint endpoint() {
        return CriEndpoint.resolve("", dir.toString());
    }

    /** Stops containerd by PID and removes mounts, cgroups, the bridge, its rule and the directory. */
    @Override
    public void close() {
        try {
            run("down", dir.toString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cri-node.sh down failed for " + dir, e);
        }
    }

    private static void run(String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile("cri-node-", ".log");
        try {
            Process p = new ProcessBuilder(concat(List.of("bash", SCRIPT.toString()), args))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("cri-node.sh " + args[0] + " timed out");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("cri-node.sh " + args[0] + " failed (" + p.exitValue() + "): " + output);
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        var all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
