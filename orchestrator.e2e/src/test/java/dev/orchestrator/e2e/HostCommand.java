package dev.orchestrator.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command on the test machine (iptables-save, nft, ctr, ...) whose output a test reads. */
final class HostCommand {

    private HostCommand() {
    }

    /** Runs it to the end (60 s at most) and returns stdout and stderr; a non-zero exit is an IOException. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    static String run(String... command) throws IOException, InterruptedException {
        return run(List.of(command));
    }
}
