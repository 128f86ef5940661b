package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.kubelet.internal.logs.LogRotation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates the logs of this node's running containers by size, periodically: the files live where
 * the runtime writes them and the runtime's list says which containers run, so nothing here is
 * lost when the kubelet restarts.
 */
final class ContainerLogRotator {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerLogRotator.class);

    private final Supplier<List<ContainerRuntime>> runtimes;
    private final String node;
    private final LogRotation rotation;

    ContainerLogRotator(Supplier<List<ContainerRuntime>> runtimes, String node, ContainerLogSettings settings) {
        this.runtimes = runtimes;
        this.node = node;
        this.rotation = new LogRotation(settings.maxBytes(), settings.maxFiles(), Clock.systemUTC());
    }

    /** One pass over the running containers of every runtime; one that does not answer is skipped until the next. */
    void rotate() {
        for (ContainerRuntime rt : runtimes.get()) {
            try {
                rotate(rt);
            } catch (ContainerRuntimeException e) {
                LOG.debug("container logs not listed for rotation error={}", e.toString());
            }
        }
    }

    private void rotate(ContainerRuntime rt) {
        for (ContainerStatus c : rt.containers().list(Optional.empty(), Map.of(RuntimeLabels.NODE, node))) {
            // a link points at a log its runtime writes and rotates itself (docker's json-file)
            if (c.state() != ContainerStatus.State.RUNNING || c.logPath().isEmpty()
                    || Files.isSymbolicLink(Path.of(c.logPath()))) {
                continue;
            }
            try {
                if (rotation.rotateIfNeeded(Path.of(c.logPath()), () -> rt.containers().reopenLog(c.id()))) {
                    LOG.debug("container log rotated id={} path={}", c.id(), c.logPath());
                }
            } catch (IOException | ContainerRuntimeException e) {
                LOG.warn("container log not rotated id={} path={} error={}", c.id(), c.logPath(), e.toString());
            }
        }
    }
}
