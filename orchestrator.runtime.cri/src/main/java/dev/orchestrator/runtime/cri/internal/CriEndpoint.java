package dev.orchestrator.runtime.cri.internal;

import java.nio.file.Path;

/**
 * A CRI endpoint: the unix socket a runtime listens on, written {@code unix:///run/containerd/containerd.sock}
 * (a bare absolute path is taken as well).
 */
record CriEndpoint(Path socket) {

    private static final String SCHEME = "unix://";

    /** Framework property naming the orchestrator's data directory. */
    static final String DATA_DIR_PROPERTY = "orchestrator.data.dir";

    /** Where the node's own containerd listens, below the data directory. */
    static final String NODE_SOCKET = "node/containerd/containerd.sock";

    CriEndpoint {
        if (!socket.isAbsolute()) {
            throw new IllegalArgumentException("CRI endpoint must be an absolute unix socket path: " + socket);
        }
    }

    /** Parses {@code unix:///path} or {@code /path}; other schemes (tcp, npipe) are not supported. */
    static CriEndpoint parse(String value) {
        String v = value.trim();
        if (v.startsWith(SCHEME)) {
            return new CriEndpoint(Path.of(v.substring(SCHEME.length())));
        }
        if (v.startsWith("/")) {
            return new CriEndpoint(Path.of(v));
        }
        throw new IllegalArgumentException("unsupported CRI endpoint (only unix:///path): " + value);
    }

    /**
     * The configured endpoint, or the node's containerd socket under the data directory when none is configured.
     *
     * @param dataDir the framework property {@value #DATA_DIR_PROPERTY} (null or blank: ~/.orchestrator)
     */
    static CriEndpoint resolve(String configured, String dataDir) {
        if (configured != null && !configured.isBlank()) {
            return parse(configured);
        }
        Path root = dataDir == null || dataDir.isBlank()
                ? Path.of(System.getProperty("user.home"), ".orchestrator") : Path.of(dataDir);
        return new CriEndpoint(root.toAbsolutePath().resolve(NODE_SOCKET));
    }

    @Override
    public String toString() {
        return SCHEME + socket;
    }
}
