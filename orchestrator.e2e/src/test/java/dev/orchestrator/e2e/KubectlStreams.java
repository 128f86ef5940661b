package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.testing.Eventually;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What a kubectl user does with exec, attach and port-forward, checked the same way whichever runtime serves the
 * pod (containerd's streaming server in {@link PodStreamsE2E}, the node's own for Docker in
 * {@link DockerRuntimeE2E}). Each check skips itself when that kubectl version is not installed.
 */
final class KubectlStreams {

    private final AllInOne cluster;
    private final Path work;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    KubectlStreams(AllInOne cluster, Path work) {
        this.cluster = cluster;
        this.work = work;
    }

    AllInOne.Result kubectl(String version, String stdin, String... args) throws Exception {
        assumeTrue(Files.isExecutable(AllInOne.versionedKubectl(version)), "kubectl " + version + " not installed");
        return cluster.kubectlOf(version, stdin, args);
    }

    List<String> command(String version, String... args) {
        assumeTrue(Files.isExecutable(AllInOne.versionedKubectl(version)), "kubectl " + version + " not installed");
        return cluster.kubectlCommand(AllInOne.versionedKubectl(version).toString(), args);
    }

    /** exec into {@code pod} (a shell that runs on): its hostname, stdout apart from stderr, the exit code, stdin. */
    void execRunsCommands(String version, String pod) throws Exception {
        AllInOne.Result hostname = kubectl(version, null, "exec", pod, "--", "cat", "/etc/hostname");
        assertEquals(0, hostname.exit(), hostname.all());
        assertEquals(pod + "\n", hostname.out());

        AllInOne.Result three = kubectl(version, null, "exec", pod, "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, three.exit(), three.all());
        assertEquals("out\n", three.out(), "stdout alone");
        assertTrue(three.err().startsWith("err\n") && three.err().contains("command terminated with exit code 3"),
                three.err());

        AllInOne.Result input = kubectl(version, "hello through stdin\nsecond line\n", "exec", "-i", pod, "--",
                "sh", "-c", "cat; echo stdin-ended");
        assertEquals(0, input.exit(), input.all());
        assertEquals("hello through stdin\nsecond line\nstdin-ended\n", input.out(), "stdin, then its end, arrive");
    }

    /**
     * {@code exec -it} in a terminal made by {@code script}: the container gets a tty, the terminal's size, and
     * its new size when the terminal is resized (kubectl sends it on SIGWINCH, which {@code stty -F} causes).
     */
    void execWithATerminal(String version, String pod) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script (util-linux)");
        // the size arrives just after the process starts: wait for it, then for a change
        String inner = "size() { stty size 2>/dev/null | grep -E \"^[1-9][0-9]* [1-9][0-9]*$\"; }; "
                + "first=\"\"; i=0; while [ -z \"$first\" ] && [ $i -lt 100 ]; do first=$(size); i=$((i+1)); "
                + "sleep 0.1; done; echo \"tty=$(tty) size=$first\"; now=$first; i=0; "
                + "while [ \"$now\" = \"$first\" ] && [ $i -lt 300 ]; do sleep 0.1; now=$(size); i=$((i+1)); done; "
                + "echo \"resized=$now\"";
        Path tty = work.resolve("tty-" + pod + "-" + version);
        Path out = work.resolve("script-" + pod + "-" + version + ".out");
        String kubectl = String.join(" ", command(version, "exec", "-it", pod, "--", "sh", "-c", "'" + inner + "'"));
        Process script = new ProcessBuilder("/usr/bin/script", "-qec",
                "stty cols 100 rows 30; tty > " + tty + "; exec " + kubectl, "/dev/null")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try (OutputStream keepOpen = script.getOutputStream()) { // script's input stays open until the end
            String first = Eventually.until("the container's terminal and size", 60, () -> Files.readString(out),
                    s -> s.contains("size=") || !script.isAlive());
            assertTrue(first.matches("(?s).*tty=/dev/pts/\\d+ size=30 100\\r?\\n.*"), first);
            Process stty = new ProcessBuilder("stty", "-F", Files.readString(tty).trim(), "cols", "120", "rows", "40")
                    .redirectErrorStream(true).start();
            assertTrue(stty.waitFor(10, TimeUnit.SECONDS) && stty.exitValue() == 0,
                    new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            String resized = Eventually.until("the new size in the container", 60, () -> Files.readString(out),
                    s -> s.contains("resized=") || !script.isAlive());
            assertTrue(resized.contains("resized=40 120"), resized);
            assertTrue(script.waitFor(30, TimeUnit.SECONDS), "kubectl ends with the command");
            assertEquals(0, script.exitValue(), Files.readString(out));
        } finally {
            script.destroyForcibly();
        }
    }

    /** {@code attach -i} to {@code pod}, whose container answers each line {@code x} with {@code got-x}. */
    void attachTalks(String version, String pod) throws Exception {
        Path out = work.resolve("attach-" + pod + "-" + version + ".out");
        Process attach = new ProcessBuilder(command(version, "attach", "-i", pod))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            OutputStream stdin = attach.getOutputStream();
            String word = "ping-" + version.replace('.', '-');
            // kubectl reads stdin once it attached; lines sent before are not lost, lines sent again are harmless
            Eventually.until("the container's answer", 60, () -> {
                stdin.write((word + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                Thread.sleep(300);
                return Files.readString(out);
            }, s -> s.contains("got-" + word) || !attach.isAlive());
            assertTrue(Files.readString(out).contains("got-" + word), Files.readString(out));
            stdin.close();
            assertTrue(attach.waitFor(30, TimeUnit.SECONDS), "attach ends with its input");
            assertEquals(0, attach.exitValue(), Files.readString(out));
        } finally {
            attach.destroyForcibly();
        }
    }

    /**
     * {@code port-forward} to port 80 of {@code pod} (which serves {@code page}): two connections through one
     * session; then to port 81, where nothing listens: kubectl reports the refused connection and gives up.
     */
    void portForward(String version, String pod, String page) throws Exception {
        int local = freePort();
        Path out = work.resolve("forward-" + pod + "-" + version + ".out");
        Process forward = new ProcessBuilder(command(version, "port-forward", "pod/" + pod, local + ":80"))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            Eventually.until("port-forward listening", 60, () -> Files.readString(out),
                    s -> s.contains("Forwarding from 127.0.0.1:" + local) || !forward.isAlive());
            for (int i = 0; i < 2; i++) { // two connections through one session
                HttpResponse<String> answer = get(local);
                assertEquals(200, answer.statusCode(), answer.body());
                assertEquals(page, answer.body());
            }
        } finally {
            forward.destroy();
            assertTrue(forward.waitFor(30, TimeUnit.SECONDS), "port-forward stops on SIGTERM");
        }

        int closed = freePort();
        Path refused = work.resolve("forward-closed-" + pod + "-" + version + ".out");
        Process nothing = new ProcessBuilder(command(version, "port-forward", "pod/" + pod, closed + ":81"))
                .redirectErrorStream(true).redirectOutput(refused.toFile()).start();
        try {
            Eventually.until("port-forward listening", 60, () -> Files.readString(refused),
                    s -> s.contains("Forwarding from 127.0.0.1:" + closed) || !nothing.isAlive());
            assertThrows(IOException.class, () -> get(closed));
            assertTrue(nothing.waitFor(60, TimeUnit.SECONDS), "kubectl gives up on the session: "
                    + Files.readString(refused));
            assertNotEquals(0, nothing.exitValue());
            String text = Files.readString(refused);
            assertTrue(text.contains("error forwarding port 81")
                    && text.toLowerCase(Locale.ROOT).contains("connection refused"), text);
        } finally {
            nothing.destroyForcibly();
        }
    }

    HttpResponse<String> get(int localPort) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + localPort + "/"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
