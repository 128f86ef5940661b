package dev.orchestrator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A worker node for end-to-end tests: the exported {@code run/target/worker.jar} (kubelet, container
 * runtimes, API client; no control plane) as a separate process with its own data directory, whose
 * client talks to a control plane elsewhere ({@code etc/orchestrator.client.cfg masterUrl=…}), as
 * {@code ./orch join} starts it, with its JVM settings ({@code run/worker.jvm.options}, scratch files in the
 * data directory: {@link JarLaunch}). {@link #close()} stops the process by PID and checks that it left no
 * temporary files; the caller owns the directory.
 */
final class Worker implements AutoCloseable {

    private final Path dir;
    private final Process process;

    private Worker(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts a worker in {@code dir} with these configuration files in its {@code etc/} directory
     * (file name → content) and its API client pointed at {@code masterUrl}.
     */
    static Worker start(Path dir, String masterUrl, Map<String, String> etcFiles) throws IOException {
        return start(dir, masterUrl, etcFiles, List.of());
    }

    /**
     * As {@link #start(Path, String, Map)} with these framework properties ({@code -Dname=value}) on its command
     * line, e.g. the node's own kubeconfig ({@code -Dorchestrator.client.kubeconfig=…}) as {@code ./orch join} passes it.
     */
    static Worker start(Path dir, String masterUrl, Map<String, String> etcFiles, List<String> properties)
            throws IOException {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        for (var file : etcFiles.entrySet()) {
            Files.writeString(etc.resolve(file.getKey()), file.getValue());
        }
        Files.writeString(etc.resolve("orchestrator.client.cfg"), "masterUrl=" + masterUrl + "\n");
        // beside the all-in-one jar: run/ exports both
        String jar = Path.of(System.getProperty("allinone.jar", "../run/target/allinone.jar"))
                .resolveSibling("worker.jar").toString();
        JarLaunch.cleanScratch(dir);
        List<String> command = new ArrayList<>(JarLaunch.javaCommand("worker", dir, List.of()));
        command.addAll(List.of("-Dorchestrator.data.dir=" + dir, "-Dfelix.fileinstall.dir=" + etc));
        command.addAll(properties);
        command.addAll(List.of("-jar", jar));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("worker.log").toFile())).start();
        return new Worker(dir, process);
    }

    /** kill -9: the node's containers keep running in its containerd, as when a machine's agent dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("worker.log"));
    }

    /**
     * Stops the worker (SIGTERM, SIGKILL after 30 s); its containers keep running in the node's containerd.
     * A worker that ended by itself must have kept its framework storage in the data directory and removed
     * its temporary files.
     */
    @Override
    public void close() throws InterruptedException, IOException {
        if (!process.isAlive()) {
            return;
        }
        AssertionError storage = null;
        try {
            JarLaunch.assertStorageInDataDir(dir);
        } catch (AssertionError e) {
            storage = e;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return;
        }
        if (storage != null) {
            throw storage;
        }
        JarLaunch.assertNoTempLeft(dir);
    }
}
