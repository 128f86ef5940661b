package dev.orchestrator.api.runtime;

/** The outcome of {@link ContainerExec#execSync}: exit code and both output streams. */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr) {
}
