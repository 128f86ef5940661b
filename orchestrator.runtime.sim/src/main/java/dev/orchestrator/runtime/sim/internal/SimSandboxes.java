package dev.orchestrator.runtime.sim.internal;

import dev.orchestrator.api.runtime.ContainerStatus.State;
import dev.orchestrator.api.runtime.PodSandboxes;
import dev.orchestrator.api.runtime.SandboxConfig;
import dev.orchestrator.api.runtime.SandboxStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Simulated pod sandboxes: a sandbox is an entry with a pod IP from the node's range; stopping it
 * frees the IP and ends its running containers, removing it forgets them too.
 */
final class SimSandboxes implements PodSandboxes {

    private final SimState state;

    SimSandboxes(SimState state) {
        this.state = state;
    }

    @Override
    public String run(SandboxConfig config) {
        synchronized (state) {
            // Host-network pods share the node's address, so they take none from the pod range.
            int ip = config.hostNetwork() ? SimSandbox.NO_IP : state.ips.allocate();
            String id = state.newId();
            state.sandboxes.put(id, new SimSandbox(id, config, state.clock.instant(), ip));
            return id;
        }
    }

    /** Unknown ids are ignored: the CRI wants stop to succeed once everything is reclaimed. */
    @Override
    public void stop(String sandboxId) {
        synchronized (state) {
            SimSandbox sandbox = state.sandboxes.get(sandboxId);
            if (sandbox == null || !sandbox.ready) {
                return;
            }
            Instant now = state.clock.instant();
            for (SimContainer container : state.containers.values()) {
                if (container.sandboxId.equals(sandboxId)) {
                    container.settle(now);
                    if (container.state == State.RUNNING) {
                        container.exit(now, SimContainer.SIGTERM_EXIT, "");
                    }
                }
            }
            // A stopped sandbox has no network namespace any more, hence no address (as with CNI DEL).
            if (sandbox.ipOffset != SimSandbox.NO_IP) {
                state.ips.release(sandbox.ipOffset);
                sandbox.ipOffset = SimSandbox.NO_IP;
            }
            sandbox.ready = false;
        }
    }

    /** Stops the sandbox first if it still runs (as containerd does), then forgets it and its containers. */
    @Override
    public void remove(String sandboxId) {
        synchronized (state) {
            stop(sandboxId);
            if (state.sandboxes.remove(sandboxId) != null) {
                state.containers.values().removeIf(container -> container.sandboxId.equals(sandboxId));
            }
        }
    }

    @Override
    public SandboxStatus status(String sandboxId) {
        synchronized (state) {
            return state.sandbox(sandboxId).status(state.ips);
        }
    }

    @Override
    public List<SandboxStatus> list(Map<String, String> labels) {
        synchronized (state) {
            List<SandboxStatus> result = new ArrayList<>();
            for (SimSandbox sandbox : state.sandboxes.values()) {
                if (SimState.matches(sandbox.config.labels(), labels)) {
                    result.add(sandbox.status(state.ips));
                }
            }
            return result;
        }
    }
}
