package dev.orchestrator.proxy.nftables.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs nft and conntrack behind the configured prefix. The output (stdout and stderr together)
 * goes to a scratch file rather than a pipe: nft stops reading its input after too many errors
 * and then prints them, quoting whole lines, and a pipe could fill up while the script is still
 * being written.
 */
final class CommandRunner {

    /** What a command printed and how it ended. */
    record Outcome(int exitCode, String output) {
    }

    private final List<String> prefix;
    private final Duration timeout;

    CommandRunner(List<String> prefix, Duration timeout) {
        this.prefix = List.copyOf(prefix);
        this.timeout = timeout;
    }

    /**
     * Runs {@code command} with {@code stdin} as its input ({@code null} for none).
     *
     * @throws IOException when it cannot be started or does not end within the timeout
     */
    Outcome run(List<String> command, String stdin) throws IOException {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command);
        Path output = Files.createTempFile("orch-nft-", ".out");
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException stoppedReading) {
                // the command gave up on its input (nft after too many errors): its output says why
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", argv) + " did not end within " + timeout);
            }
            return new Outcome(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8).strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + String.join(" ", argv), e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
