package dev.orchestrator.runtime.sim.internal;

import static dev.orchestrator.runtime.sim.internal.Fixtures.IMAGE;
import static dev.orchestrator.runtime.sim.internal.Fixtures.container;
import static dev.orchestrator.runtime.sim.internal.Fixtures.sandbox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orchestrator.api.runtime.ContainerExec;
import dev.orchestrator.api.runtime.ContainerExec.StreamOptions;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ExecResult;
import dev.orchestrator.api.runtime.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimExecTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final SimulatedRuntime runtime = new SimulatedRuntime("10.0.0.0/24");
    private final ContainerExec exec = runtime.exec();
    private final String sandboxId = runtime.sandboxes().run(sandbox("web", Map.of()));
    private final String containerId;

    SimExecTest() {
        runtime.images().pull(IMAGE, Optional.empty());
        containerId = runtime.containers().create(sandboxId, container("app", IMAGE, List.of()), sandbox("web", Map.of()));
    }

    @ParameterizedTest(name = "{0} -> {1} \"{2}\"")
    @CsvSource(delimiter = '|', value = {
        "echo hi          | 0 | 'hi\n'",
        "echo hello world | 0 | 'hello world\n'",
        "echo             | 0 | '\n'",
        "false            | 1 | ''",
        "true             | 0 | ''",
        "cat /tmp/healthy | 0 | ''",
        "sim-exit 3       | 3 | ''",
    })
    void answersByCommand(String command, int exitCode, String stdout) {
        runtime.containers().start(containerId);
        ExecResult result = exec.execSync(containerId, Arrays.asList(command.split(" ")), TIMEOUT);
        assertEquals(exitCode, result.exitCode());
        assertEquals(stdout.replace("\\n", "\n"), new String(result.stdout(), StandardCharsets.UTF_8));
        assertEquals(0, result.stderr().length);
    }

    @Test
    void needsARunningContainer() {
        assertThrows(ContainerRuntimeException.class, () -> exec.execSync(containerId, List.of("true"), TIMEOUT));
        runtime.containers().start(containerId);
        runtime.containers().stop(containerId, Duration.ZERO);
        assertThrows(ContainerRuntimeException.class, () -> exec.execSync(containerId, List.of("true"), TIMEOUT));
        assertThrows(NotFoundException.class, () -> exec.execSync("nope", List.of("true"), TIMEOUT));
    }

    @Test
    void streamingIsNotSupported() {
        runtime.containers().start(containerId);
        StreamOptions options = new StreamOptions(true, true, true, true);
        for (Executable call : List.<Executable>of(
                () -> exec.exec(containerId, List.of("sh"), options),
                () -> exec.attach(containerId, options),
                () -> exec.portForward(sandboxId, List.of(80)))) {
            assertEquals("not supported by the simulated runtime",
                    assertThrows(ContainerRuntimeException.class, call).getMessage());
        }
    }
}
