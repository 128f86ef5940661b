package dev.orchestrator.support.command;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Runs one external command to completion (iptables-restore, ip, conntrack). Tests replace it to see and refuse
 * what would run.
 */
@FunctionalInterface
public interface CommandRunner {

    /**
     * @param stdin given to the command on its standard input ("" for none)
     * @throws IOException when the command could not be started or did not finish within {@code timeout}
     */
    Result run(List<String> command, String stdin, Duration timeout) throws IOException;

    /** How the command ended. */
    record Result(int exitCode, String stdout, String stderr) {

        public boolean ok() {
            return exitCode == 0;
        }
    }
}
