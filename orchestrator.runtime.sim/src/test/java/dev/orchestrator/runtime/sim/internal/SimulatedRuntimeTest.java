package dev.orchestrator.runtime.sim.internal;

import static dev.orchestrator.runtime.sim.internal.Fixtures.IMAGE;
import static dev.orchestrator.runtime.sim.internal.Fixtures.container;
import static dev.orchestrator.runtime.sim.internal.Fixtures.sandbox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.RuntimeStatus;
import dev.orchestrator.api.runtime.RuntimeVersion;
import dev.orchestrator.api.runtime.SandboxConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulatedRuntimeTest {

    private static final int INSTANCES = 20_000;

    @Test
    void describesItselfAsSim() {
        assertEquals(new RuntimeVersion("sim", "1.0.0", "v1"), new SimulatedRuntime("10.0.0.0/24").version());
    }

    @Test
    void readinessCanBeFlipped() {
        SimulatedRuntime runtime = new SimulatedRuntime("10.0.0.0/24");
        assertEquals(RuntimeStatus.ready(), runtime.status());
        runtime.setReady(false);
        RuntimeStatus status = runtime.status();
        assertFalse(status.runtimeReady() || status.networkReady());
        assertFalse(status.runtimeMessage().isEmpty());
        runtime.setReady(true);
        assertTrue(runtime.status().runtimeReady());
    }

    /** Rough, but it keeps the budget honest: an idle hollow node should stay under 2 KB. */
    @Test
    void anIdleInstanceCostsLessThanTwoKilobytes() {
        SimBehaviour shared = SimBehaviour.instant();
        Clock clock = Clock.systemUTC();
        long before = usedHeap();
        List<SimulatedRuntime> runtimes = new ArrayList<>(INSTANCES);
        for (int i = 0; i < INSTANCES; i++) {
            runtimes.add(new SimulatedRuntime("10.244.0.0/24", shared, clock));
        }
        long perInstance = (usedHeap() - before) / INSTANCES;
        assertEquals(INSTANCES, runtimes.size()); // keeps them reachable while measuring
        System.out.println("idle SimulatedRuntime: ~" + perInstance + " bytes");
        assertTrue(perInstance < 2048, perInstance + " bytes per idle instance");
    }

    /** Measures what a running container adds, sandbox share included; the configs belong to the kubelet. */
    @Test
    void aRunningContainerCostsAFewHundredBytes() {
        SimulatedRuntime runtime = new SimulatedRuntime("10.0.0.0/8");
        runtime.images().pull(IMAGE, Optional.empty());
        SandboxConfig podConfig = sandbox("web", Map.of("app", "web"));
        var containerConfig = container("app", IMAGE, List.of());
        int pods = 20_000;
        long before = usedHeap();
        for (int i = 0; i < pods; i++) {
            String pod = runtime.sandboxes().run(podConfig);
            runtime.containers().start(runtime.containers().create(pod, containerConfig, podConfig));
        }
        long perPod = (usedHeap() - before) / pods;
        System.out.println("sandbox + running container: ~" + perPod + " bytes");
        assertEquals(pods, runtime.sandboxes().list(Map.of()).size());
        assertTrue(perPod < 1024, perPod + " bytes per sandbox with one container");
    }

    private static long usedHeap() {
        Runtime jvm = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return jvm.totalMemory() - jvm.freeMemory();
    }
}
