package dev.orchestrator.kubelet.internal;

/**
 * Rotation of a kubelet's container logs, resolved from its configuration.
 *
 * @param maxBytes rotate a running container's log over this size (0: never)
 * @param maxFiles files kept per container, the current one included
 * @param monitorMillis how often sizes are checked
 */
record ContainerLogSettings(long maxBytes, int maxFiles, long monitorMillis) {

    /** No rotation (hollow nodes write no logs). */
    static final ContainerLogSettings DISABLED = new ContainerLogSettings(0, 5, 10_000);

    static ContainerLogSettings of(KubeletConfig c) {
        long bytes = Quantities.units(NodeSettings.quantity("containerLogMaxSize", c.containerLogMaxSize()));
        if (bytes < 0) {
            throw new IllegalArgumentException("containerLogMaxSize must not be negative: " + c.containerLogMaxSize());
        }
        if (c.containerLogMaxFiles() < 2) {
            throw new IllegalArgumentException("containerLogMaxFiles must be at least 2, not " + c.containerLogMaxFiles());
        }
        return new ContainerLogSettings(bytes, c.containerLogMaxFiles(),
                NodeSettings.positive("containerLogMonitorSeconds", c.containerLogMonitorSeconds()) * 1000L);
    }

    boolean enabled() {
        return maxBytes > 0;
    }
}
