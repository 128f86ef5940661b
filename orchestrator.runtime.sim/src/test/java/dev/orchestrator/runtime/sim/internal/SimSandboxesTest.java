package dev.orchestrator.runtime.sim.internal;

import static dev.orchestrator.runtime.sim.internal.Fixtures.IMAGE;
import static dev.orchestrator.runtime.sim.internal.Fixtures.container;
import static dev.orchestrator.runtime.sim.internal.Fixtures.sandbox;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.NotFoundException;
import dev.orchestrator.api.runtime.PodSandboxes;
import dev.orchestrator.api.runtime.SandboxStatus;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SimSandboxesTest {

    private final SimulatedRuntime runtime = new SimulatedRuntime("10.244.7.0/24");
    private final PodSandboxes sandboxes = runtime.sandboxes();

    @Test
    void runGivesAReadySandboxWithAPodIpAndKeepsItsMetadata() {
        String id = sandboxes.run(sandbox("web", Map.of("app", "web")));
        SandboxStatus status = sandboxes.status(id);
        assertEquals(64, id.length());
        assertEquals(SandboxStatus.State.READY, status.state());
        assertEquals(List.of("10.244.7.2"), status.ips());
        assertEquals(List.of("web", "default", "uid-web", 0), List.of(status.name(), status.namespace(),
                status.uid(), status.attempt()));
        assertEquals(Map.of("app", "web"), status.labels());
        assertEquals(Map.of("note", "web"), status.annotations());
    }

    @Test
    void hostNetworkSandboxesTakeNoPodIp() {
        String host = sandboxes.run(sandbox("host", Map.of(), true));
        String pod = sandboxes.run(sandbox("pod", Map.of()));
        assertEquals(List.of(), sandboxes.status(host).ips());
        assertEquals(List.of("10.244.7.2"), sandboxes.status(pod).ips());
    }

    @Test
    void freedAddressesAreReusedLowestFirst() {
        String a = sandboxes.run(sandbox("a", Map.of()));
        String b = sandboxes.run(sandbox("b", Map.of()));
        sandboxes.run(sandbox("c", Map.of()));
        sandboxes.stop(b);                       // stopping frees the address already
        sandboxes.remove(a);
        assertEquals(List.of("10.244.7.2"), sandboxes.status(sandboxes.run(sandbox("d", Map.of()))).ips());
        assertEquals(List.of("10.244.7.3"), sandboxes.status(sandboxes.run(sandbox("e", Map.of()))).ips());
        assertEquals(List.of("10.244.7.5"), sandboxes.status(sandboxes.run(sandbox("f", Map.of()))).ips());
    }

    @Test
    void runFailsWhenTheRangeIsFull() {
        SimulatedRuntime tiny = new SimulatedRuntime("10.0.0.0/30"); // exactly one address: .2
        tiny.sandboxes().run(sandbox("a", Map.of()));
        assertThrows(ContainerRuntimeException.class, () -> tiny.sandboxes().run(sandbox("b", Map.of())));
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of(Map.of(), List.of("a", "b", "c")),
                Arguments.of(Map.of("app", "web"), List.of("a", "b")),
                Arguments.of(Map.of("app", "web", "tier", "front"), List.of("a")),
                Arguments.of(Map.of("app", "db"), List.of("c")),
                Arguments.of(Map.of("app", "none"), List.of()),
                Arguments.of(Map.of("tier", "back"), List.of()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("filters")
    void listReturnsSandboxesHavingAllGivenLabels(Map<String, String> filter, List<String> expected) {
        sandboxes.run(sandbox("a", Map.of("app", "web", "tier", "front")));
        sandboxes.run(sandbox("b", Map.of("app", "web")));
        sandboxes.run(sandbox("c", Map.of("app", "db", "tier", "front")));
        assertEquals(expected, sandboxes.list(filter).stream().map(SandboxStatus::name).sorted().toList());
    }

    @Test
    void stopMarksNotReadyAndExitsTheRunningContainersOnly() {
        String id = sandboxes.run(sandbox("web", Map.of()));
        String other = sandboxes.run(sandbox("other", Map.of()));
        runtime.images().pull(IMAGE, Optional.empty());
        String running = startedContainer(id, "running");
        String created = runtime.containers().create(id, container("created", IMAGE, List.of()), sandbox("web", Map.of()));
        String elsewhere = startedContainer(other, "elsewhere");

        sandboxes.stop(id);
        sandboxes.stop(id); // idempotent

        SandboxStatus status = sandboxes.status(id);
        assertEquals(SandboxStatus.State.NOT_READY, status.state());
        assertEquals(List.of(), status.ips());
        ContainerStatus stopped = runtime.containers().status(running);
        assertEquals(ContainerStatus.State.EXITED, stopped.state());
        assertEquals(143, stopped.exitCode());
        assertEquals("Error", stopped.reason());
        assertEquals(ContainerStatus.State.CREATED, runtime.containers().status(created).state());
        assertEquals(ContainerStatus.State.RUNNING, runtime.containers().status(elsewhere).state());
        assertThrows(ContainerRuntimeException.class, () -> runtime.containers().start(created));
    }

    @Test
    void removeForgetsTheSandboxAndItsContainersAndIsIdempotent() {
        String id = sandboxes.run(sandbox("web", Map.of()));
        String other = sandboxes.run(sandbox("other", Map.of()));
        runtime.images().pull(IMAGE, Optional.empty());
        String mine = startedContainer(id, "mine");
        String theirs = startedContainer(other, "theirs");

        sandboxes.remove(id);

        assertThrows(NotFoundException.class, () -> sandboxes.status(id));
        assertThrows(NotFoundException.class, () -> runtime.containers().status(mine));
        assertEquals(ContainerStatus.State.RUNNING, runtime.containers().status(theirs).state());
        assertDoesNotThrow(() -> sandboxes.remove(id));
        assertDoesNotThrow(() -> sandboxes.stop(id));
        assertEquals(List.of("other"), sandboxes.list(Map.of()).stream().map(SandboxStatus::name).toList());
    }

    @Test
    void statusOfAnUnknownSandboxIsNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> sandboxes.status("nope"));
        assertTrue(e.getMessage().contains("nope"));
    }

    @Test
    void createdAtComesFromTheClock() {
        Clock clock = Fixtures.clock();
        SimulatedRuntime timed = new SimulatedRuntime("10.0.0.0/24", SimBehaviour.instant(), clock);
        String id = timed.sandboxes().run(sandbox("a", Map.of()));
        assertEquals(clock.instant(), timed.sandboxes().status(id).createdAt());
    }

    private String startedContainer(String sandboxId, String name) {
        String id = runtime.containers().create(sandboxId, container(name, IMAGE, List.of()), sandbox(name, Map.of()));
        runtime.containers().start(id);
        return id;
    }
}
