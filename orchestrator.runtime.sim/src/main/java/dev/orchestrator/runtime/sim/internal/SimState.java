package dev.orchestrator.runtime.sim.internal;

import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Everything one simulated runtime knows, shared by its four facades. The object is also their
 * lock: a node's kubelet makes few concurrent calls, so one monitor is cheaper (in memory, which
 * is what thousands of hollow nodes run short of) than concurrent maps, and it keeps cascades
 * (stopping a sandbox exits its containers) atomic. Nothing here blocks while holding it.
 */
final class SimState {

    final Clock clock;
    final SimBehaviour behaviour;
    final PodIpPool ips;
    final Map<String, SimSandbox> sandboxes = new HashMap<>(4);
    final Map<String, SimContainer> containers = new HashMap<>(4);
    /** Present images by normalized name, each with its image id. */
    final Map<String, String> images = new HashMap<>(4);

    SimState(Clock clock, SimBehaviour behaviour, String podCidr) {
        this.clock = clock;
        this.behaviour = behaviour;
        this.ips = new PodIpPool(podCidr);
    }

    SimSandbox sandbox(String id) {
        SimSandbox sandbox = sandboxes.get(id);
        if (sandbox == null) {
            throw new NotFoundException("pod sandbox \"" + id + "\" not found");
        }
        return sandbox;
    }

    SimContainer container(String id) {
        SimContainer container = containers.get(id);
        if (container == null) {
            throw new NotFoundException("container \"" + id + "\" not found");
        }
        container.settle(clock.instant());
        return container;
    }

    /** A fresh id in the CRI's shape (64 hex digits) that no sandbox or container has. */
    String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String id;
        do {
            id = String.format("%016x%016x%016x%016x", random.nextLong(), random.nextLong(), random.nextLong(),
                    random.nextLong());
        } while (sandboxes.containsKey(id) || containers.containsKey(id));
        return id;
    }

    /** Whether {@code have} includes every entry of {@code want} (CRI label selectors). */
    static boolean matches(Map<String, String> have, Map<String, String> want) {
        for (Map.Entry<String, String> entry : want.entrySet()) {
            if (!entry.getValue().equals(have.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Blocks the calling thread (never while holding the lock) to imitate a slow runtime step. */
    static void pause(Duration latency, String step) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException(step + " interrupted");
        }
    }
}
