package dev.orchestrator.runtime.docker.internal;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.orchestrator.api.runtime.ContainerExec;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ExecResult;
import dev.orchestrator.api.streaming.StreamingServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;

/**
 * {@link ContainerExec} over docker exec. Docker has no streaming server of its own (dockershim hosted one), so the
 * streaming calls register their sessions with the node's {@link StreamingServer} (bundle orchestrator.streaming) and
 * return its URL; the sessions then run through {@link DockerStreams} and {@link DockerPortForward}. Without a
 * streaming server they fail with a message that says so.
 */
final class DockerExec implements ContainerExec {

    /** docker's exit code when the command could not be started (not found, not executable). */
    private static final int CANNOT_RUN = 126;
    private static final int NOT_FOUND = 127;

    private final DockerConnection docker;
    private final DockerTimeouts timeouts;
    private final Supplier<Optional<StreamingServer>> streaming;
    private final DockerStreams streams;
    private final DockerPortForward forwards;

    DockerExec(DockerConnection docker, DockerTimeouts timeouts, Supplier<Optional<StreamingServer>> streaming) {
        this.docker = docker;
        this.timeouts = timeouts;
        this.streaming = streaming;
        this.streams = new DockerStreams(docker);
        this.forwards = new DockerPortForward(docker);
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
        List<String> argv = List.copyOf(command);
        return register("exec", server -> server.exec(options, session -> streams.exec(containerId, argv, session)));
    }

    @Override
    public URI attach(String containerId, StreamOptions options) {
        return register("attach", server -> server.attach(options, session -> streams.attach(containerId, session)));
    }

    /** Fails at once (before the client upgrades) when socat or nsenter is missing. */
    @Override
    public URI portForward(String sandboxId, List<Integer> ports) {
        DockerPortForward.tools();
        return register("port-forward", server -> server.portForward(ports, forwards.into(sandboxId)));
    }

    /** A session registered with the streaming server; its refusals (stopped, full) in the runtime's words. */
    private URI register(String what, java.util.function.Function<StreamingServer, URI> registration) {
        StreamingServer server = streaming.get().orElseThrow(() -> new ContainerRuntimeException("streaming " + what
                + " on the docker runtime needs the node's streaming server (bundle orchestrator.streaming), which "
                + "is not running"));
        try {
            return registration.apply(server);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ContainerRuntimeException("streaming " + what + " on the docker runtime: " + e.getMessage(), e);
        }
    }

    /** Stops the threads that copy the clients' input. */
    void close() {
        streams.close();
        forwards.close();
    }
}
