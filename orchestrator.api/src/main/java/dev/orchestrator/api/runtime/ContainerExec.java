package dev.orchestrator.api.runtime;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Commands in running containers. The streaming calls return the URL of the runtime's own
 * streaming server, which the kubelet proxies (CRI {@code Exec}, {@code Attach}, {@code PortForward}).
 */
@ProviderType
public interface ContainerExec {

    /**
     * Runs a command to completion in a running container and returns its output.
     *
     * @throws ContainerRuntimeException when the command cannot be started or exceeds {@code timeout}
     */
    ExecResult execSync(String containerId, List<String> command, Duration timeout);

    /** URL of an interactive exec session. */
    URI exec(String containerId, List<String> command, StreamOptions options);

    /** URL for attaching to the container's main process. */
    URI attach(String containerId, StreamOptions options);

    /** URL for forwarding the given ports of a sandbox's network namespace. */
    URI portForward(String sandboxId, List<Integer> ports);

    /** Which standard streams a streaming session carries, and whether it has a terminal. */
    record StreamOptions(boolean stdin, boolean stdout, boolean stderr, boolean tty) {
    }
}
