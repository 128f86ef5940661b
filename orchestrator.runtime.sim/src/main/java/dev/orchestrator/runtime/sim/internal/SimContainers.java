package dev.orchestrator.runtime.sim.internal;

import dev.orchestrator.api.runtime.ContainerConfig;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ContainerStats;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.ContainerStatus.State;
import dev.orchestrator.api.runtime.Containers;
import dev.orchestrator.api.runtime.SandboxConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Simulated containers, steered by their command line (see {@link SimCommand}). They write no
 * logs, so their status carries an empty log path; their stats are zeros.
 */
final class SimContainers implements Containers {

    private final SimState state;

    SimContainers(SimState state) {
        this.state = state;
    }

    @Override
    public String create(String sandboxId, ContainerConfig config, SandboxConfig sandbox) {
        // Parsed before taking the lock: a malformed command fails here, as a bad spec fails in a real runtime.
        SimCommand command = SimCommand.parse(config.command(), config.args());
        synchronized (state) {
            SimSandbox owner = state.sandbox(sandboxId);
            if (!owner.ready) {
                throw new ContainerRuntimeException("pod sandbox \"" + sandboxId + "\" is not ready");
            }
            String imageRef = state.images.get(SimImages.normalize(config.image()));
            if (imageRef == null) {
                // As containerd: the kubelet pulls first, a container never triggers a pull.
                throw new ContainerRuntimeException("failed to get image \"" + config.image() + "\": not found");
            }
            String id = state.newId();
            state.containers.put(id, new SimContainer(id, sandboxId, config, imageRef, command,
                    state.clock.instant()));
            return id;
        }
    }

    /** Blocks for the configured start latency first, like a runtime setting up the process. */
    @Override
    public void start(String containerId) {
        SimState.pause(state.behaviour.startLatency(), "starting container " + containerId);
        synchronized (state) {
            SimContainer container = state.container(containerId);
            if (container.state != State.CREATED) {
                throw new ContainerRuntimeException("container \"" + containerId + "\" is in state "
                        + container.state + ", not CREATED");
            }
            if (!state.sandbox(container.sandboxId).ready) {
                throw new ContainerRuntimeException("pod sandbox \"" + container.sandboxId + "\" is not ready");
            }
            Instant now = state.clock.instant();
            if (container.command.kind() == SimCommand.Kind.FAIL_START) {
                container.failStart(now, container.command.failMessage());
                throw new ContainerRuntimeException(container.command.failMessage());
            }
            container.start(now);
        }
    }

    /**
     * Ends a running container at once with 143 (the simulated process honours SIGTERM, so the
     * grace period never runs out). Created or exited containers and unknown ids are left alone,
     * as containerd does.
     */
    @Override
    public void stop(String containerId, Duration grace) {
        synchronized (state) {
            SimContainer container = state.containers.get(containerId);
            if (container == null) {
                return;
            }
            Instant now = state.clock.instant();
            container.settle(now);
            if (container.state == State.RUNNING) {
                container.exit(now, SimContainer.SIGTERM_EXIT, "");
            }
        }
    }

    @Override
    public void remove(String containerId) {
        synchronized (state) {
            state.containers.remove(containerId);
        }
    }

    /** Hollow containers write no logs: there is nothing to reopen, only the id to check. */
    @Override
    public void reopenLog(String containerId) {
        synchronized (state) {
            state.container(containerId);
        }
    }

    @Override
    public ContainerStatus status(String containerId) {
        synchronized (state) {
            return state.container(containerId).status();
        }
    }

    @Override
    public List<ContainerStatus> list(Optional<String> sandboxId, Map<String, String> labels) {
        synchronized (state) {
            Instant now = state.clock.instant();
            List<ContainerStatus> result = new ArrayList<>();
            for (SimContainer container : state.containers.values()) {
                if (sandboxId.map(container.sandboxId::equals).orElse(true)
                        && SimState.matches(container.config.labels(), labels)) {
                    container.settle(now);
                    result.add(container.status());
                }
            }
            return result;
        }
    }

    @Override
    public List<ContainerStats> stats() {
        synchronized (state) {
            Instant now = state.clock.instant();
            List<ContainerStats> result = new ArrayList<>();
            for (SimContainer container : state.containers.values()) {
                container.settle(now);
                if (container.state == State.RUNNING) {
                    result.add(new ContainerStats(container.id, now, 0, 0));
                }
            }
            return result;
        }
    }
}
