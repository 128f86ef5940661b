package dev.orchestrator.network.hostgw.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Runs one external command to completion. Tests replace it to see what would run. */
@FunctionalInterface
interface CommandRunner {

    /**
     * @throws IOException when the command could not be started or did not end within {@code timeout}
     */
    Result run(List<String> command, Duration timeout) throws IOException;

    /** How the command ended. */
    record Result(int exitCode, String stdout, String stderr) {

        boolean ok() {
            return exitCode == 0;
        }
    }
}
