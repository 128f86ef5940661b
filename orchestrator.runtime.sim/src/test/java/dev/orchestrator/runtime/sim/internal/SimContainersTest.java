package dev.orchestrator.runtime.sim.internal;

import static dev.orchestrator.runtime.sim.internal.Fixtures.IMAGE;
import static dev.orchestrator.runtime.sim.internal.Fixtures.container;
import static dev.orchestrator.runtime.sim.internal.Fixtures.sandbox;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ContainerStats;
import dev.orchestrator.api.runtime.ContainerStatus.State;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.Containers;
import dev.orchestrator.api.runtime.NotFoundException;
import dev.orchestrator.api.runtime.SandboxConfig;
import dev.orchestrator.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimContainersTest {

    private final MovableClock clock = Fixtures.clock();
    private final SimulatedRuntime runtime = new SimulatedRuntime("10.244.0.0/24",
            new SimBehaviour(Duration.ZERO, Duration.ZERO, List.of(IMAGE)), clock);
    private final Containers containers = runtime.containers();
    private final SandboxConfig podConfig = sandbox("web", Map.of());
    private final String pod = runtime.sandboxes().run(podConfig);

    @Test
    void lifeCycleFromCreateToRemove() {
        Instant created = clock.instant();
        String id = containers.create(pod, container("app", IMAGE, List.of("nginx")), podConfig);
        ContainerStatus status = containers.status(id);
        assertEquals(State.CREATED, status.state());
        assertEquals(List.of(pod, "app", IMAGE, created), List.of(status.sandboxId(), status.name(), status.image(),
                status.createdAt()));
        assertTrue(status.imageRef().startsWith("sha256:"));
        assertEquals(Optional.empty(), status.startedAt());

        clock.advance(Duration.ofSeconds(1));
        containers.start(id);
        status = containers.status(id);
        assertEquals(State.RUNNING, status.state());
        assertEquals(Optional.of(created.plusSeconds(1)), status.startedAt());

        clock.advance(Duration.ofDays(365)); // no timed exit: runs until stopped
        assertEquals(State.RUNNING, containers.status(id).state());

        containers.stop(id, Duration.ofSeconds(30));
        status = containers.status(id);
        assertEquals(List.of(State.EXITED, 143, "Error"), List.of(status.state(), status.exitCode(), status.reason()));
        assertEquals(Optional.of(clock.instant()), status.finishedAt());
        containers.stop(id, Duration.ofSeconds(30)); // idempotent: the first exit stays
        assertEquals(status, containers.status(id));

        containers.remove(id);
        assertThrows(NotFoundException.class, () -> containers.status(id));
        assertDoesNotThrow(() -> containers.remove(id));
        assertDoesNotThrow(() -> containers.stop(id, Duration.ZERO));
    }

    @ParameterizedTest(name = "sim-exit {0} {1}")
    @CsvSource({"0, 0, Completed", "0, 5000, Completed", "1, 100, Error", "42, 2000, Error"})
    void exitsOnItsOwnWhenItsTimeHasCome(int code, long afterMillis, String reason) {
        String id = containers.create(pod, container("job", IMAGE, List.of("sim-exit", "" + code, "" + afterMillis)),
                podConfig);
        containers.start(id);
        Instant started = clock.instant();
        if (afterMillis > 0) {
            clock.advance(Duration.ofMillis(afterMillis - 1));
            assertEquals(State.RUNNING, containers.status(id).state());
            clock.advance(Duration.ofMillis(1));
        }
        clock.advance(Duration.ofMinutes(5)); // looking late must still report the planned exit time
        ContainerStatus status = containers.status(id);
        assertEquals(List.of(State.EXITED, code, reason), List.of(status.state(), status.exitCode(), status.reason()));
        assertEquals(Optional.of(started.plusMillis(afterMillis)), status.finishedAt());
        containers.stop(id, Duration.ZERO); // an exited container keeps its own code
        assertEquals(code, containers.status(id).exitCode());
    }

    @Test
    void listAndStatsSeeTimedExitsToo() {
        String job = containers.create(pod, container("job", IMAGE, List.of("sim-exit", "0", "1000")), podConfig);
        String server = containers.create(pod, container("server", IMAGE, List.of()), podConfig);
        containers.start(job);
        containers.start(server);
        assertEquals(2, containers.stats().size());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of(new ContainerStats(server, clock.instant(), 0, 0)), containers.stats());
        ContainerStatus listed = containers.list(Optional.of(pod), Map.of()).stream()
                .filter(c -> c.id().equals(job)).findFirst().orElseThrow();
        assertEquals(State.EXITED, listed.state());
    }

    @Test
    void failStartThrowsTheMessageAndLeavesAStartError() {
        String id = containers.create(pod, container("bad", IMAGE, List.of("sim-fail-start", "exec:", "\"foo\":",
                "executable file not found in $PATH")), podConfig);
        ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class, () -> containers.start(id));
        assertEquals("exec: \"foo\": executable file not found in $PATH", e.getMessage());
        ContainerStatus status = containers.status(id);
        assertEquals(List.of(State.EXITED, 128, "StartError", e.getMessage()),
                List.of(status.state(), status.exitCode(), status.reason(), status.message()));
    }

    @Test
    void startingTwiceOrUnknownFails() {
        String id = containers.create(pod, container("app", IMAGE, List.of()), podConfig);
        containers.start(id);
        assertThrows(ContainerRuntimeException.class, () -> containers.start(id));
        assertThrows(NotFoundException.class, () -> containers.start("nope"));
    }

    @Test
    void stoppingACreatedContainerLeavesItCreated() {
        String id = containers.create(pod, container("app", IMAGE, List.of()), podConfig);
        containers.stop(id, Duration.ZERO);
        assertEquals(State.CREATED, containers.status(id).state());
    }

    @Test
    void createNeedsAKnownReadySandboxAPresentImageAndAValidCommand() {
        assertThrows(NotFoundException.class,
                () -> containers.create("nope", container("app", IMAGE, List.of()), podConfig));
        ContainerRuntimeException noImage = assertThrows(ContainerRuntimeException.class,
                () -> containers.create(pod, container("app", "never/pulled", List.of()), podConfig));
        assertEquals("failed to get image \"never/pulled\": not found", noImage.getMessage());
        assertThrows(ContainerRuntimeException.class,
                () -> containers.create(pod, container("app", IMAGE, List.of("sim-exit", "x")), podConfig));
        runtime.sandboxes().stop(pod);
        assertThrows(ContainerRuntimeException.class,
                () -> containers.create(pod, container("app", IMAGE, List.of()), podConfig));
    }

    @Test
    void listFiltersBySandboxAndLabels() {
        String other = runtime.sandboxes().run(sandbox("other", Map.of()));
        String a = containers.create(pod, container("a", IMAGE, List.of(), Map.of("k", "1", "x", "y")), podConfig);
        String b = containers.create(pod, container("b", IMAGE, List.of(), Map.of("k", "2")), podConfig);
        String c = containers.create(other, container("c", IMAGE, List.of(), Map.of("k", "1")), podConfig);
        assertEquals(List.of(a, b, c), ids(Optional.empty(), Map.of()));
        assertEquals(List.of(a, b), ids(Optional.of(pod), Map.of()));
        assertEquals(List.of(a, c), ids(Optional.empty(), Map.of("k", "1")));
        assertEquals(List.of(a), ids(Optional.of(pod), Map.of("k", "1")));
        assertEquals(List.of(a), ids(Optional.empty(), Map.of("k", "1", "x", "y")));
        assertEquals(List.of(), ids(Optional.of("nope"), Map.of()));
    }

    @Test
    void startBlocksForTheConfiguredLatency() {
        SimulatedRuntime slow = new SimulatedRuntime("10.0.0.0/24",
                new SimBehaviour(Duration.ofMillis(200), Duration.ZERO, List.of(IMAGE)), clock);
        String sandboxId = slow.sandboxes().run(podConfig);
        String id = slow.containers().create(sandboxId, container("app", IMAGE, List.of()), podConfig);
        long began = System.nanoTime();
        slow.containers().start(id);
        assertTrue(System.nanoTime() - began >= Duration.ofMillis(200).toNanos());
        assertEquals(State.RUNNING, slow.containers().status(id).state());
    }

    private List<String> ids(Optional<String> sandboxId, Map<String, String> labels) {
        return containers.list(sandboxId, labels).stream()
                .sorted((x, y) -> x.name().compareTo(y.name())).map(ContainerStatus::id).toList();
    }
}
