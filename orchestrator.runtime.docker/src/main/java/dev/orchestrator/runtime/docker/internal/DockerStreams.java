package dev.orchestrator.runtime.docker.internal;

import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.streaming.ExecStreams;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exec and attach sessions of the streaming server, run against dockerd as dockershim did: exec create, then
 * exec start on a hijacked connection (input, output, the end of the input as a half-close), terminal sizes by exec
 * resize, the exit code by exec inspect; attach on a hijacked connection, sizes by container resize. Input is copied
 * on a thread of this class ({@link #close} stops them); the session's own thread copies the output.
 */
final class DockerStreams implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DockerStreams.class);
    /** How long dockerd may take to mark an exec whose output ended as exited. */
    private static final long EXIT_WAIT_MILLIS = 10_000;

    private final DockerConnection docker;
    private final ExecutorService inputs;

    DockerStreams(DockerConnection docker) {
        this.docker = docker;
        AtomicInteger n = new AtomicInteger();
        this.inputs = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "docker-stream-input-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code command} in the container with the session's streams and returns its exit code. */
    int exec(String containerId, List<String> command, ExecStreams s) throws IOException, InterruptedException {
        boolean tty = s.tty();
        String execId = docker.call("exec create", c -> c.execCreateCmd(containerId)
                .withCmd(command.toArray(String[]::new)).withAttachStdin(s.stdin().isPresent())
                .withAttachStdout(s.stdout().isPresent()).withAttachStderr(s.stderr().isPresent()).withTty(tty)
                .exec().getId());
        try (DockerHijack session = DockerHijack.open(docker.socket(), "/exec/" + execId + "/start",
                "{\"Detach\":false,\"Tty\":" + tty + "}")) {
            s.onResize(size -> resize("exec resize", () -> docker.call("exec resize", c -> c.resizeExecCmd(execId)
                    .withSize(size.height(), size.width()).exec())));
            session.sendInput(s.stdin(), inputs, () -> { });
            session.copyOutput(tty, s.stdout(), s.stderr());
        } catch (ClosedByInterruptException e) {
            throw new InterruptedException("the client went away"); // the command runs on: docker cannot end an exec
        }
        return exitCode(execId);
    }

    /**
     * Attaches the session's streams to the container's main process until it exits, the client goes, or the
     * client's input ends (as containerd does: the container's stdin stays open for the next attach).
     */
    int attach(String containerId, ExecStreams s) throws IOException, InterruptedException {
        boolean raw = Boolean.TRUE.equals(docker.call("inspect", c -> c.inspectContainerCmd(containerId).exec())
                .getConfig().getTty());
        String query = "stream=1&stdin=" + bit(s.stdin().isPresent()) + "&stdout=" + bit(s.stdout().isPresent())
                + "&stderr=" + bit(s.stderr().isPresent() || raw && s.stdout().isPresent());
        try (DockerHijack session = DockerHijack.open(docker.socket(), "/containers/" + containerId + "/attach?"
                + query, "")) {
            s.onResize(size -> resize("container resize", () -> docker.call("container resize",
                    c -> c.resizeContainerCmd(containerId).withSize(size.height(), size.width()).exec())));
            session.sendInput(s.stdin(), inputs, () -> {
                try {
                    session.close();
                } catch (IOException e) {
                    // closing is all that was asked
                }
            });
            session.copyOutput(raw, s.stdout(), s.stderr());
        } catch (AsynchronousCloseException e) {
            if (e instanceof ClosedByInterruptException) {
                throw new InterruptedException("the client went away");
            }
            // the client's input ended: so does the attach
        }
        return 0;
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }

    private static void resize(String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.debug("Terminal resize failed call={}", what, e); // the terminal keeps its size
        }
    }

    /** The exec's exit code once dockerd says it has exited (its output has ended already). */
    private int exitCode(String execId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EXIT_WAIT_MILLIS);
        while (true) {
            var inspect = docker.call("exec inspect", c -> c.inspectExecCmd(execId).exec());
            if (!Boolean.TRUE.equals(inspect.isRunning()) && inspect.getExitCodeLong() != null) {
                return inspect.getExitCodeLong().intValue();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ContainerRuntimeException("exec " + execId + " ended its output but not its process");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        inputs.shutdownNow();
    }
}
