package dev.orchestrator.network.hostgw.internal;

import dev.orchestrator.support.command.CommandRunner;
import dev.orchestrator.support.command.ProcessCommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network namespaces of the test's own: every namespace is remembered before it is made, and {@link #close}
 * deletes each of them (and with them every link inside), whatever failed on the way. Nothing is ever created
 * in the host's own namespace.
 */
final class ScratchMachines implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScratchMachines.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final CommandRunner runner = new ProcessCommandRunner();
    private final List<String> made = new ArrayList<>();

    /** Makes a namespace with its loopback up. */
    String add(String name) throws IOException {
        made.add(name);
        run("ip", "netns", "add", name);
        exec(name, "ip", "link", "set", "lo", "up");
        return name;
    }

    static List<String> prefix(String netns) {
        return List.of("ip", "netns", "exec", netns);
    }

    /** Runs a command inside the namespace and insists that it succeeds; returns its output. */
    String exec(String netns, String... command) throws IOException {
        List<String> full = new ArrayList<>(prefix(netns));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    /** Runs a command inside the namespace and returns however it ended. */
    CommandRunner.Result tryExec(String netns, String... command) throws IOException {
        List<String> full = new ArrayList<>(prefix(netns));
        full.addAll(List.of(command));
        return runner.run(full, "", TIMEOUT);
    }

    private String run(String... command) throws IOException {
        CommandRunner.Result r = runner.run(List.of(command), "", TIMEOUT);
        if (!r.ok()) {
            throw new IOException(String.join(" ", command) + " failed exit=" + r.exitCode() + ": " + r.stderr());
        }
        return r.stdout();
    }

    @Override
    public void close() {
        for (int i = made.size() - 1; i >= 0; i--) {
            String name = made.get(i);
            try {
                CommandRunner.Result r = runner.run(List.of("ip", "netns", "delete", name), "", TIMEOUT);
                if (!r.ok()) {
                    LOG.warn("namespace not deleted netns={} error={}", name, r.stderr().strip());
                }
            } catch (IOException e) {
                LOG.warn("namespace not deleted netns={} error={}", name, e.getMessage());
            }
        }
        made.clear();
    }
}
