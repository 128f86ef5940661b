package dev.orchestrator.runtime.docker.internal;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.orchestrator.api.runtime.ContainerExec;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link ContainerExec} over docker exec. Only the synchronous exec is supported: the streaming calls need a
 * streaming server (kubelet ↔ runtime) that this runtime does not have yet, and fail with a clear message.
 */
final class DockerExec implements ContainerExec {

    /** docker's exit code when the command could not be started (not found, not executable). */
    private static final int CANNOT_RUN = 126;
    private static final int NOT_FOUND = 127;

    private final DockerConnection docker;
    private final DockerTimeouts timeouts;

    DockerExec(DockerConnection docker, DockerTimeouts timeouts) {
        this.docker = docker;
        this.timeouts = timeouts;
    }

    /**
     * Runs the command and waits at most {@code timeout} (zero or negative: the pull limit); a command still running
     * then fails with "command timed out" (docker cannot end an exec: it runs on until it ends by itself). A command
     * that cannot be started fails with docker's message, as a CRI runtime's ExecSync does.
     */
    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        long seconds = DockerTimeouts.ceilSeconds(timeout);
        Duration wait = seconds > 0 ? Duration.ofSeconds(seconds) : timeouts.pull();
        String execId = docker.call("exec create", c -> c.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
                .withAttachStdout(true).withAttachStderr(true).exec().getId());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boolean finished = docker.slowCall("exec start", c -> {
            try (var callback = c.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    ByteArrayOutputStream target = frame.getStreamType() == StreamType.STDERR ? err : out;
                    synchronized (target) {
                        target.writeBytes(frame.getPayload());
                    }
                }
            })) {
                return callback.awaitCompletion(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerRuntimeException("interrupted while running " + command, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!finished) {
            throw new ContainerRuntimeException("command timed out after " + seconds + "s: " + command);
        }
        var inspect = docker.call("exec inspect", c -> c.inspectExecCmd(execId).exec());
        int exitCode = inspect.getExitCodeLong() == null ? -1 : inspect.getExitCodeLong().intValue();
        byte[] stdout;
        byte[] stderr;
        synchronized (out) {
            stdout = out.toByteArray();
        }
        synchronized (err) {
            stderr = err.toByteArray();
        }
        if ((exitCode == CANNOT_RUN || exitCode == NOT_FOUND) && startFailure(stdout, stderr)) {
            throw new ContainerRuntimeException(new String(stdout.length > 0 ? stdout : stderr, StandardCharsets.UTF_8)
                    .trim());
        }
        return new ExecResult(exitCode, stdout, stderr);
    }

    /** Whether the output is dockerd's own "could not start" message rather than the command's. */
    private static boolean startFailure(byte[] stdout, byte[] stderr) {
        String text = new String(stdout, StandardCharsets.UTF_8) + new String(stderr, StandardCharsets.UTF_8);
        return text.startsWith("OCI runtime exec failed") || text.contains("executable file not found")
                && text.contains("exec failed");
    }

    @Override
    public URI exec(String containerId, List<String> command, StreamOptions options) {
        throw unsupported("exec");
    }

    @Override
    public URI attach(String containerId, StreamOptions options) {
        throw unsupported("attach");
    }

    @Override
    public URI portForward(String sandboxId, List<Integer> ports) {
        throw unsupported("port-forward");
    }

    private static ContainerRuntimeException unsupported(String what) {
        return new ContainerRuntimeException("streaming " + what + " is not supported by the docker runtime yet "
                + "(only exec without a terminal or stdin, as probes use it)");
    }
}
