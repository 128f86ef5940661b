package dev.orchestrator.kubelet.internal.probes;

import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ExecResult;
import io.fabric8.kubernetes.api.model.Probe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * exec: runs the command in the container through the runtime with the probe's timeout; exit code
 * 0 is success, anything else a failure whose message is the command's output (as Kubernetes shows
 * it); a command the runtime ended at the timeout is a failure "command … timed out".
 */
final class ExecProber implements Prober {

    /** Output beyond this is cut from the message (Kubernetes keeps 10 KiB). */
    private static final int MAX_OUTPUT = 10 * 1024;

    @Override
    public ProbeResult probe(Probe probe, ProbeTarget target, Duration timeout) {
        List<String> command = probe.getExec().getCommand();
        if (command == null || command.isEmpty()) {
            return ProbeResult.error("exec probe has no command");
        }
        long start = System.nanoTime();
        try {
            ExecResult r = target.runtime().exec().execSync(target.containerId(), command, timeout);
            if (r.exitCode() == 0) {
                return ProbeResult.success();
            }
            return ProbeResult.failure(output(r));
        } catch (ContainerRuntimeException e) {
            if (Duration.ofNanos(System.nanoTime() - start).compareTo(timeout) >= 0) {
                return ProbeResult.failure("command " + quoted(String.join(" ", command)) + " timed out");
            }
            return ProbeResult.error(e.getMessage());
        }
    }

    private static String output(ExecResult r) {
        String out = new String(r.stdout(), StandardCharsets.UTF_8) + new String(r.stderr(), StandardCharsets.UTF_8);
        out = out.length() > MAX_OUTPUT ? out.substring(0, MAX_OUTPUT) : out;
        return out.isBlank() ? "command exited with " + r.exitCode() : out.strip();
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
