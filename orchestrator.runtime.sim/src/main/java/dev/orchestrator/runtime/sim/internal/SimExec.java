package dev.orchestrator.runtime.sim.internal;

import dev.orchestrator.api.runtime.ContainerExec;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ContainerStatus.State;
import dev.orchestrator.api.runtime.ExecResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Simulated exec, enough for exec probes and simple {@code kubectl exec} checks:
 * <ul>
 * <li>{@code echo <words>}: exit 0, the words joined by spaces and a newline on stdout;</li>
 * <li>{@code false}: exit 1;</li>
 * <li>{@code sim-exit <code>}: exits with {@code code}, so a probe can be made to fail;</li>
 * <li>anything else: exit 0, no output.</li>
 * </ul>
 * Streaming sessions need a streaming server, which the hollow runtime does not have.
 */
final class SimExec implements ContainerExec {

    private static final byte[] NONE = new byte[0];

    private final SimState state;

    SimExec(SimState state) {
        this.state = state;
    }

    /** Answers at once, so {@code timeout} never expires. */
    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        synchronized (state) {
            if (state.container(containerId).state != State.RUNNING) {
                throw new ContainerRuntimeException("container \"" + containerId + "\" is not running");
            }
        }
        if (command.isEmpty()) {
            throw new ContainerRuntimeException("exec: no command given");
        }
        return switch (command.get(0)) {
            case "echo" -> new ExecResult(0,
                    (String.join(" ", command.subList(1, command.size())) + "\n").getBytes(StandardCharsets.UTF_8),
                    NONE);
            case "false" -> new ExecResult(1, NONE, NONE);
            case SimCommand.EXIT -> new ExecResult(SimCommand.parse(command, List.of()).exitCode(), NONE, NONE);
            default -> new ExecResult(0, NONE, NONE);
        };
    }

    @Override
    public URI exec(String containerId, List<String> command, StreamOptions options) {
        throw unsupported();
    }

    @Override
    public URI attach(String containerId, StreamOptions options) {
        throw unsupported();
    }

    @Override
    public URI portForward(String sandboxId, List<Integer> ports) {
        throw unsupported();
    }

    private static ContainerRuntimeException unsupported() {
        return new ContainerRuntimeException("not supported by the simulated runtime");
    }
}
