package dev.orchestrator.runtime.sim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.runtime.sim.internal.SimCommand.Kind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimCommandTest {

    @ParameterizedTest(name = "{0} -> {1} code={2} after={3} message={4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "-                          | RUN_FOREVER | 0  | 0    | ''",
        "nginx -g daemon           | RUN_FOREVER | 0  | 0    | ''",
        "sim-exit                   | EXIT        | 0  | 0    | ''",
        "sim-exit 3                 | EXIT        | 3  | 0    | ''",
        "sim-exit 1 2500            | EXIT        | 1  | 2500 | ''",
        "sim-exit -1 10             | EXIT        | -1 | 10   | ''",
        "sim-fail-start             | FAIL_START  | 0  | 0    | simulated start failure",
        "sim-fail-start exec: no such file | FAIL_START | 0 | 0 | exec: no such file",
    })
    void readsTheBehaviourFromTheCommandLine(String argv, Kind kind, int code, long after, String message) {
        List<String> words = argv == null ? List.of() : Arrays.asList(argv.split(" "));
        // The split between command and args must not matter: the runtime sees one command line.
        for (int split = 0; split <= words.size(); split++) {
            SimCommand command = SimCommand.parse(words.subList(0, split), words.subList(split, words.size()));
            assertEquals(new SimCommand(kind, code, after, message), command, "split at " + split);
        }
    }

    @ParameterizedTest
    @CsvSource({"sim-exit x", "sim-exit 1 soon", "sim-exit 1 -5", "sim-exit 99999999999"})
    void refusesMalformedNumbers(String argv) {
        assertThrows(ContainerRuntimeException.class, () -> SimCommand.parse(List.of(argv.split(" ")), List.of()));
    }
}
