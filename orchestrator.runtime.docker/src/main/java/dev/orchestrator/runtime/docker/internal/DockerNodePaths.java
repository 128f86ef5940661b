package dev.orchestrator.runtime.docker.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the Docker runtime finds dockerd, the CNI configuration and plugins, its own CNI results and the pause image;
 * the defaults are the node's layout of {@code node/node-env.sh} under the data directory.
 */
record DockerNodePaths(Path socket, Path cniConfDir, Path cniBinDir, Path cniResultDir, String pauseImage) {

    /** Framework property naming the orchestrator's data directory. */
    static final String DATA_DIR_PROPERTY = "orchestrator.data.dir";

    private static final String SCHEME = "unix://";

    DockerNodePaths {
        if (!socket.isAbsolute()) {
            throw new IllegalArgumentException("Docker endpoint must be an absolute unix socket path: " + socket);
        }
    }

    /** Parses {@code unix:///path} or {@code /path}; tcp endpoints are not supported. */
    static Path parseEndpoint(String value) {
        String v = value.trim();
        if (v.startsWith(SCHEME)) {
            return Path.of(v.substring(SCHEME.length()));
        }
        if (v.startsWith("/")) {
            return Path.of(v);
        }
        throw new IllegalArgumentException("unsupported Docker endpoint (only unix:///path): " + value);
    }

    /**
     * The configured paths, defaults filled in from the node directory {@code <dataDir>/node}.
     *
     * @param dataDir the framework property {@value #DATA_DIR_PROPERTY} (null or blank: ~/.orchestrator)
     */
    static DockerNodePaths resolve(DockerRuntimeConfig c, String dataDir) {
        Path root = dataDir == null || dataDir.isBlank()
                ? Path.of(System.getProperty("user.home"), ".orchestrator") : Path.of(dataDir);
        Path node = root.toAbsolutePath().resolve("node");
        Path socket = blank(c.endpoint()) ? node.resolve("docker/docker.sock") : parseEndpoint(c.endpoint());
        Path conf = blank(c.cniConfDir()) ? node.resolve("cni/net.d") : Path.of(c.cniConfDir());
        Path results = blank(c.cniResultDir()) ? node.resolve("cni/docker-results") : Path.of(c.cniResultDir());
        String pause = blank(c.pauseImage()) ? defaultPauseImage(node) : c.pauseImage();
        return new DockerNodePaths(socket, conf, Path.of(c.cniBinDir()), results, pause);
    }

    /** {@code REGISTRY/pause:1} from the node's node.env (what docker-up pulls), else {@code localhost/pause:1}. */
    static String defaultPauseImage(Path nodeDir) {
        return registry(nodeDir.resolve("node.env")).map(r -> r + "/pause:1").orElse("localhost/pause:1");
    }

    private static Optional<String> registry(Path nodeEnv) {
        try {
            return Files.readAllLines(nodeEnv).stream().filter(l -> l.startsWith("REGISTRY="))
                    .map(l -> l.substring("REGISTRY=".length()).trim()).filter(s -> !s.isEmpty()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    String endpoint() {
        return SCHEME + socket;
    }
}
