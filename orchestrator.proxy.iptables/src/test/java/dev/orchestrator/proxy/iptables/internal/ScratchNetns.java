package dev.orchestrator.proxy.iptables.internal;

import dev.orchestrator.support.command.CommandRunner;
import dev.orchestrator.support.command.ProcessCommandRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of the test's own, with web servers in it: everything the iptables tests
 * touch lives here, and {@link #close} stops the servers by PID and deletes the namespace.
 */
final class ScratchNetns implements AutoCloseable {

    private final String name;
    private final CommandRunner runner = new ProcessCommandRunner();
    private final List<Process> servers = new ArrayList<>();

    ScratchNetns(String name) throws IOException {
        this.name = name;
        run("ip", "netns", "add", name);
    }

    String name() {
        return name;
    }

    List<String> prefix() {
        return List.of("ip", "netns", "exec", name);
    }

    /** Runs a command inside the namespace and insists that it succeeds. */
    String exec(String... command) throws IOException {
        List<String> full = new ArrayList<>(prefix());
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    /** Runs a command inside the namespace and returns however it ended. */
    CommandRunner.Result tryExec(String... command) throws IOException {
        List<String> full = new ArrayList<>(prefix());
        full.addAll(List.of(command));
        return runner.run(full, "", Duration.ofSeconds(20));
    }

    /** Starts {@code busybox httpd} on ip:port serving a page that says {@code body}. */
    void startWebServer(String ip, int port, String body, Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve(ip + "_" + port));
        Files.writeString(dir.resolve("index.html"), body, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(prefix());
        command.addAll(List.of("/bin/busybox", "httpd", "-f", "-p", ip + ":" + port, "-h", dir.toString()));
        // "ip netns exec" execs the server in place, so this process is the server itself.
        servers.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(root.resolve(ip + "_" + port + ".log").toFile()).start());
    }

    /** {@code curl} inside the namespace: exit code 0 with the page, 7 when refused, 28 on timeout. */
    CommandRunner.Result curl(String url) throws IOException {
        return tryExec("curl", "-s", "--max-time", "3", url);
    }

    private String run(String... command) throws IOException {
        CommandRunner.Result r = runner.run(List.of(command), "", Duration.ofSeconds(20));
        if (!r.ok()) {
            throw new IOException(String.join(" ", command) + " failed exit=" + r.exitCode() + ": " + r.stderr());
        }
        return r.stdout();
    }

    @Override
    public void close() throws Exception {
        for (Process server : servers) {
            server.destroy();
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        run("ip", "netns", "delete", name);
    }
}
