package dev.orchestrator.e2e;

import dev.orchestrator.testing.Eventually;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load balancer an operator puts in front of several masters, as {@code ./orch lb} starts it (Debian's
 * haproxy), for kubectl in end-to-end tests. {@link #close()} stops it by PID.
 */
final class ApiLoadBalancer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ApiLoadBalancer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts it over these plain-HTTP API servers and waits until it passes a request on. */
    static ApiLoadBalancer start(Path dir, List<String> servers) throws Exception {
        Files.createDirectories(dir);
        int port = AllInOne.freePort();
        Path log = dir.resolve("lb.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("repo.root", ".."), "orch").toString(), "lb",
                "--listen", "127.0.0.1:" + port, "--server", String.join(",", servers), "--data-dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ApiLoadBalancer balancer = new ApiLoadBalancer(process, port, log);
        try {
            Eventually.until("the load balancer passing /readyz on", 60, balancer::readyz, code -> code == 200);
        } catch (Exception | AssertionError e) {
            balancer.close();
            throw new AssertionError("./orch lb did not come up; its output:\n" + Files.readString(log), e);
        }
        return balancer;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private int readyz() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("./orch lb exited with " + process.exitValue());
        }
        HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/readyz").toURL().openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(2000);
        try {
            return c.getResponseCode();
        } catch (IOException notYet) {
            return -1;
        } finally {
            c.disconnect();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
