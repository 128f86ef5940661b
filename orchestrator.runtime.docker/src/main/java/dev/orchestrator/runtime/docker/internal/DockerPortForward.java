package dev.orchestrator.runtime.docker.internal;

import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.streaming.PortForwardHandler;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Port-forward into a Docker pod as dockershim did it: per forwarded connection,
 * {@code nsenter --target <pause pid> --net socat - TCP4:127.0.0.1:<port>} joins the connection to the port on the
 * pod's loopback inside its network namespace. The client's bytes go to socat's input on a thread of this class,
 * socat's output to the client on the session's thread; a socat that fails (nothing listens: connection refused)
 * fails the connection with socat's words.
 */
final class DockerPortForward implements AutoCloseable {

    private final DockerConnection docker;
    private final ExecutorService inputs;

    DockerPortForward(DockerConnection docker) {
        this.docker = docker;
        AtomicInteger n = new AtomicInteger();
        this.inputs = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "docker-port-forward-input-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The tools port-forward runs, or a failure that names what is missing (socat is not installed by default).
     */
    static List<String> tools() {
        Optional<Path> nsenter = onPath("nsenter");
        Optional<Path> socat = onPath("socat");
        if (nsenter.isEmpty() || socat.isEmpty()) {
            throw new ContainerRuntimeException("port-forward on the docker runtime runs nsenter and socat, and "
                    + (socat.isEmpty() ? "socat (Debian package socat)" : "nsenter (Debian package util-linux)")
                    + " is not installed on the node");
        }
        return List.of(nsenter.get().toString(), socat.get().toString());
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/usr/bin:/sbin:/bin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }

    /** The handler that forwards connections into the network namespace of {@code sandboxId}. */
    PortForwardHandler into(String sandboxId) {
        return (port, fromClient, toClient) -> forward(sandboxId, port, fromClient, toClient);
    }

    private void forward(String sandboxId, int port, InputStream fromClient, OutputStream toClient)
            throws IOException, InterruptedException {
        List<String> tools = tools();
        Long pid = docker.call("inspect", c -> c.inspectContainerCmd(sandboxId).exec()).getState().getPidLong();
        if (pid == null || pid <= 0) {
            throw new ContainerRuntimeException("the pod's sandbox " + sandboxId + " is not running");
        }
        List<String> command = new ArrayList<>(List.of(tools.get(0), "--target", pid.toString(), "--net",
                tools.get(1), "-", "TCP4:127.0.0.1:" + port));
        Process socat = new ProcessBuilder(command).start();
        try {
            inputs.submit(() -> {
                try (OutputStream in = socat.getOutputStream()) { // buffered: flushed after every read
                    byte[] buffer = new byte[16 * 1024];
                    for (int n = fromClient.read(buffer); n >= 0; n = fromClient.read(buffer)) {
                        in.write(buffer, 0, n);
                        in.flush();
                    }
                } catch (IOException e) {
                    // socat has gone, or the client: either way the copy is over
                }
            });
            socat.getInputStream().transferTo(toClient);
            if (!socat.waitFor(10, TimeUnit.SECONDS)) {
                throw new ContainerRuntimeException("socat did not end after its output did");
            }
            if (socat.exitValue() != 0) {
                String err = new String(socat.getErrorStream().readNBytes(4096), StandardCharsets.UTF_8).trim();
                throw new ContainerRuntimeException(err.isEmpty() ? "socat exited with " + socat.exitValue()
                        : "socat: " + err.replaceAll("(?m)^.*socat\\[\\d+\\] [A-Z] ", "").replace('\n', ' '));
            }
        } finally {
            if (socat.isAlive()) {
                socat.destroy();
                if (!socat.waitFor(2, TimeUnit.SECONDS)) {
                    socat.destroyForcibly();
                }
            }
        }
    }

    @Override
    public void close() {
        inputs.shutdownNow();
    }
}
