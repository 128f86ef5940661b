package dev.orchestrator.support.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands with standard input, output and error in temporary files: no pipe can fill up
 * and block either side (a restore input of 10,000 services is megabytes, a routing table as JSON
 * more than a pipe holds), no thread is needed to drain output, and a command that hangs is killed
 * after the timeout.
 */
public final class ProcessCommandRunner implements CommandRunner {

    @Override
    public Result run(List<String> command, String stdin, Duration timeout) throws IOException {
        Path in = Files.createTempFile("orch-cmd-in", ".txt");
        Path out = Files.createTempFile("orch-cmd-out", ".txt");
        Path err = Files.createTempFile("orch-cmd-err", ".txt");
        try {
            Files.writeString(in, stdin, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    throw new IOException("timed out after " + timeout + ": " + String.join(" ", command));
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted: " + String.join(" ", command), e);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
