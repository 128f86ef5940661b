package dev.orchestrator.store.tck;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real etcd (the Debian {@code etcd-server} binary, or {@code -Detcd.binary}) started on
 * free loopback ports with a temporary data directory, for tests and benchmarks. It is
 * stopped by PID and its directory removed on {@link #close()}.
 */
public final class EtcdServer implements AutoCloseable {

    private final Path dataDir;
    private final String name;
    private final int clientPort;
    private final int peerPort;
    private final Path log;
    private final TestCertificates tls;
    /** {@code --initial-cluster}: every member's name and peer URL; null for a cluster of one. */
    private final String initialCluster;
    private Process process;

    private EtcdServer(Path dataDir, int clientPort, int peerPort, TestCertificates tls) {
        this(dataDir, "orch-test", clientPort, peerPort, tls, null);
    }

    private EtcdServer(Path dataDir, String name, int clientPort, int peerPort, TestCertificates tls,
                       String initialCluster) {
        this.dataDir = dataDir;
        this.name = name;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.tls = tls;
        this.initialCluster = initialCluster;
        this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    /**
     * A member of a cluster, not yet started: {@link EtcdCluster} starts them together, since none is ready
     * before a majority runs.
     */
    static EtcdServer member(String name, int clientPort, int peerPort, String initialCluster) throws IOException {
        return new EtcdServer(Files.createTempDirectory("orch-etcd-" + name), name, clientPort, peerPort, null,
                initialCluster);
    }

    static String peerUrl(int peerPort) {
        return "http://127.0.0.1:" + peerPort;
    }

    /** Starts etcd and waits until it accepts connections. */
    public static EtcdServer start() throws IOException, InterruptedException {
        EtcdServer server = new EtcdServer(Files.createTempDirectory("orch-etcd"), freePort(), freePort(), null);
        server.startProcess();
        return server;
    }

    /** Starts etcd serving clients over TLS with client-certificate authentication. */
    public static EtcdServer startWithTls(TestCertificates certificates) throws IOException, InterruptedException {
        EtcdServer server = new EtcdServer(Files.createTempDirectory("orch-etcd"), freePort(), freePort(), certificates);
        server.startProcess();
        return server;
    }

    public String endpoint() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + clientPort;
    }

    /** Stops the process (SIGTERM, by PID) but keeps its data, for restart tests. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        process = null;
    }

    /** Kills the process at once (SIGKILL, by PID), as a crash of its machine would; the data stays. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Starts etcd again on the same ports and data directory. */
    public void restart() throws IOException, InterruptedException {
        stop();
        startProcess();
    }

    @Override
    public void close() throws Exception {
        stop();
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(log);
    }

    private void startProcess() throws IOException, InterruptedException {
        launch();
        awaitListening();
    }

    void launch() throws IOException {
        String binary = System.getProperty("etcd.binary", "etcd");
        String peer = peerUrl(peerPort);
        List<String> command = new java.util.ArrayList<>(List.of(binary, "--name", name, "--data-dir", dataDir.resolve("data").toString(),
                "--listen-client-urls", endpoint(), "--advertise-client-urls", endpoint(),
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", initialCluster == null ? name + "=" + peer : initialCluster,
                "--initial-cluster-state", "new",
                // Values up to 3 MiB, as the store contract allows, plus request overhead.
                "--max-request-bytes", Integer.toString(8 * 1024 * 1024),
                "--quota-backend-bytes", Long.toString(8L * 1024 * 1024 * 1024),
                "--logger", "zap", "--log-level", "warn"));
        if (tls != null) {
            command.addAll(List.of("--cert-file", tls.serverCert().toString(), "--key-file", tls.serverKey().toString(),
                    "--trusted-ca-file", tls.caCert().toString(), "--client-cert-auth"));
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IOException("cannot run etcd (" + binary + "): install the Debian package etcd-server "
                    + "or pass -Detcd.binary=/path/to/etcd", e);
        }
    }

    void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("etcd exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", clientPort), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("etcd did not listen on " + endpoint() + " within 30 s; see " + log);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
