package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.testing.Eventually;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kubectl exec}, {@code attach} and {@code port-forward} against real containers, with kubectl 1.27 (SPDY
 * only), 1.32 and 1.33 (WebSocket v5 first): the API server checks the request against the pod and tunnels it
 * to the kubelet, which tunnels it to containerd's streaming server. containerd 1.6 refuses WebSocket v5, so
 * kubectl falls back to SPDY/3.1; a WebSocket client offering v4.channel.k8s.io gets through. One cluster for
 * the class; everything it made is removed afterwards.
 */
@ResourceLock(RealNode.HOST)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PodStreamsE2E {

    private static final int INDEX = 245;
    private static final String PAGE = "hello from orchestrator\n"; // the busybox image's /www/index.html
    private RealNodeCluster c;
    private KubectlStreams streams;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws Exception {
        assumeTrue(RealNode.available(), "needs root and containerd (./orch test installs it)");
        c = RealNodeCluster.start("streams-node", INDEX);
        streams = new KubectlStreams(c.cluster, c.work);
        c.shPod("shell", "Always", "sleep 3600", 1);
        c.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["httpd","-f","-p","80","-h","/www"]}]}}
                """.formatted(c.busybox));
        c.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"talker"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","stdin":true,
                   "command":["sh","-c","while read line; do echo got-$line; done; sleep 3600"]}]}}
                """.formatted(c.busybox));
        c.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"console"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","stdin":true,"tty":true,"command":["sh"]}]}}
                """.formatted(c.busybox));
        for (String pod : List.of("shell", "web", "talker", "console")) {
            c.awaitPhase(pod, "Running");
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    /** kubectl of {@code version}, skipped where that binary is not installed. */
    private AllInOne.Result kubectl(String version, String stdin, String... args) throws Exception {
        return streams.kubectl(version, stdin, args);
    }

    private List<String> kubectlCommand(String version, String... args) {
        return streams.command(version, args);
    }

    /**
     * {@code kubectl run -i} from a script whose stdin is already at its end (here: closed at once) still prints what
     * the container writes afterwards: the container is created with stdinOnce (CRI stdin_once), so the end of the
     * client's stdin closes the container's stdin and the attach goes on; without it, containerd ended the attach.
     */
    @Test
    void runWithStdinAtItsEndStillPrintsTheOutput() throws Exception {
        AllInOne.Result run = c.cluster.kubectl("run", "late-output", "-i", "--image=" + c.busybox, "--restart=Never",
                "--", "sh", "-c", "sleep 2; echo printed-after-stdin-ended");
        assertEquals(0, run.exit(), run.all());
        assertTrue(run.out().contains("printed-after-stdin-ended"), run.all());
    }

    /**
     * kubectl debug: an ephemeral container joins the running pod's network (it reaches the pod's server on
     * 127.0.0.1), runs once, reports its state in ephemeralContainerStatuses, and leaves the pod's own container alone.
     */
    @Test
    void kubectlDebugRunsAnEphemeralContainerInThePod() throws Exception {
        String restarts = c.jsonpath("pod", "web", "{.status.containerStatuses[0].restartCount}");
        AllInOne.Result debug = c.cluster.kubectl("debug", "web", "-i", "--image=" + c.busybox, "--profile=general",
                "--container=probe", "--", "wget", "-q", "-O-", "http://127.0.0.1:80/");
        Eventually.until("the ephemeral container finished", 90,
                () -> c.jsonpath("pod", "web", "{.status.ephemeralContainerStatuses[0].state.terminated.exitCode}"),
                "0"::equals);
        assertEquals("probe", c.jsonpath("pod", "web", "{.status.ephemeralContainerStatuses[0].name}"));
        // attached, or (when it ended before the attach) its log: either way the page served in the pod
        String seen = debug.out() + c.cluster.kubectl("logs", "web", "-c", "probe").out();
        assertTrue(seen.contains(PAGE.trim()), debug.all());
        assertEquals("Running", c.jsonpath("pod", "web", "{.status.phase}"));
        assertEquals(restarts, c.jsonpath("pod", "web", "{.status.containerStatuses[0].restartCount}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.32", "1.33"})
    void execRunsACommandAndReturnsItsExitCodeStdoutStderrAndStdin(String version) throws Exception {
        streams.execRunsCommands(version, "shell");
    }

    @Test
    void webSocketClientsGetTheProtocolsTheRuntimeSpeaks() throws Exception {
        // kubectl >= 1.30 offers only v5.channel.k8s.io, which containerd 1.6 does not speak: a 400 that says so,
        // on which kubectl falls back to SPDY (seen in its log)
        RawHttp.Response v5 = RawHttp.exchange(c.cluster, RawHttp.ascii(
                "GET /api/v1/namespaces/default/pods/shell/exec?command=true&stdout=true HTTP/1.1\r\nHost: e2e\r\n"
                        + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n"));
        assertEquals(400, v5.code(), v5.body());
        assertTrue(v5.body().contains("\"kind\":\"Status\"") && v5.body().contains("refused the WebSocket upgrade")
                && v5.body().contains("v5.channel.k8s.io"), v5.body());
        AllInOne.Result verbose = kubectl("1.32", null, "exec", "-v=6", "shell", "--", "true");
        assertEquals(0, verbose.exit(), verbose.all());
        assertTrue(verbose.err().contains("refused the WebSocket upgrade") && verbose.err().contains("101 Switching"),
                verbose.err());

        // a client that offers v4.channel.k8s.io talks WebSocket to containerd through both tunnels
        ChannelFrames frames = new ChannelFrames();
        WebSocket socket = http.newWebSocketBuilder().subprotocols("v4.channel.k8s.io").buildAsync(URI.create(
                c.cluster.url().replace("http:", "ws:") + "/api/v1/namespaces/default/pods/shell/exec?command=sh"
                        + "&command=-c&command=echo%20to-out%3B%20echo%20to-err%20%3E%262%3B%20exit%205"
                        + "&stdout=true&stderr=true"), frames).get(10, TimeUnit.SECONDS);
        assertEquals("v4.channel.k8s.io", socket.getSubprotocol());
        frames.closed.get(30, TimeUnit.SECONDS);
        assertEquals("to-out\n", frames.channel(1));
        assertEquals("to-err\n", frames.channel(2));
        assertTrue(frames.channel(3).contains("\"reason\":\"NonZeroExitCode\"")
                && frames.channel(3).contains("\"message\":\"5\""), frames.channel(3));
    }

    /** The binary frames of a channel.k8s.io session: the first byte names the channel, the rest is its data. */
    private static final class ChannelFrames implements WebSocket.Listener {
        private final List<byte[]> received = new ArrayList<>();
        private final java.io.ByteArrayOutputStream current = new java.io.ByteArrayOutputStream();
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        @Override
        public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            current.writeBytes(bytes);
            if (last) {
                received.add(current.toByteArray());
                current.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        synchronized String channel(int channel) {
            StringBuilder text = new StringBuilder();
            for (byte[] frame : received) {
                if (frame.length > 0 && frame[0] == channel) {
                    text.append(new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8));
                }
            }
            return text.toString();
        }
    }

    /** {@code exec -it} in a terminal made by {@code script}: a tty, the terminal's size, and its new size. */
    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.32", "1.33"})
    void execWithATerminalGetsATtyItsSizeAndResizes(String version) throws Exception {
        streams.execWithATerminal(version, "shell");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.32", "1.33"})
    void attachReachesTheStdinAndStdoutOfARunningContainer(String version) throws Exception {
        streams.attachTalks(version, "talker");
        assertEquals("Running", c.jsonpath("pod", "talker", "{.status.phase}"), "attach leaves the container running");
    }

    /** {@code attach -it} to a shell started with a tty: what is typed in the terminal reaches it, its answer comes back. */
    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.32", "1.33"})
    void attachWithATerminalTalksToAShellStartedWithATty(String version) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script (util-linux)");
        Path out = c.work.resolve("console-" + version + ".out");
        Process script = new ProcessBuilder("/usr/bin/script", "-qec", String.join(" ", kubectlCommand(version,
                "attach", "-it", "console")), "/dev/null").redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            OutputStream terminal = script.getOutputStream();
            String tag = version.replace(".", "");
            // typed until kubectl is attached and passes it on; the shell computes the answer, so the terminal's
            // echo of the line is not taken for it
            Eventually.until("the shell's answer", 60, () -> {
                terminal.write(("echo attached-" + tag + "-$((6*7))\r").getBytes(StandardCharsets.UTF_8));
                terminal.flush();
                Thread.sleep(300);
                return Files.readString(out);
            }, s -> s.contains("attached-" + tag + "-42") || !script.isAlive());
            assertTrue(Files.readString(out).contains("attached-" + tag + "-42"), Files.readString(out));
        } finally {
            script.destroy();
            assertTrue(script.waitFor(30, TimeUnit.SECONDS), "attach ends with its terminal");
        }
        assertEquals("0", c.jsonpath("pod", "console", "{.status.containerStatuses[0].restartCount}"),
                "the shell goes on when the terminal is gone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.32", "1.33"})
    void portForwardReachesAPodPortAndFailsOnAClosedOne(String version) throws Exception {
        streams.portForward(version, "web", PAGE);
    }

    /** A request to a streaming subresource without an upgrade: every refusal below is decided before one. */
    private RawHttp.Response raw(String method, String pathAndQuery) throws IOException {
        return RawHttp.exchange(c.cluster, RawHttp.ascii(method + " " + pathAndQuery + " HTTP/1.1\r\nHost: e2e\r\n"
                + "Connection: close\r\n\r\n"));
    }

    private static void assertStatus(RawHttp.Response r, int code, String message) {
        assertEquals(code, r.code(), r.body());
        assertTrue(r.body().contains("\"kind\":\"Status\"") && r.body().contains("\"code\":" + code)
                && r.body().contains(message), r.body());
    }

    @Test
    void badRequestsAreStatusesThatSayWhy() throws Exception {
        String pods = "/api/v1/namespaces/default/pods/";
        AllInOne.Result nope = c.cluster.kubectl("exec", "shell", "-c", "nope", "--", "true");
        assertTrue(nope.exit() != 0 && nope.err().contains("container nope is not valid for pod shell"), nope.err());
        assertStatus(raw("GET", pods + "shell/exec?container=nope&command=true"), 400,
                "container nope is not valid for pod shell");

        AllInOne.Result missing = c.cluster.kubectl("exec", "no-such-pod", "--", "true");
        assertTrue(missing.exit() != 0 && missing.err().contains("pods \"no-such-pod\" not found"), missing.err());
        assertStatus(raw("POST", pods + "no-such-pod/exec?command=true"), 404, "pods \\\"no-such-pod\\\" not found");

        c.shPod("finished", "Never", "true", 1);
        c.awaitPhase("finished", "Succeeded");
        assertStatus(raw("GET", pods + "finished/exec?command=true"), 400,
                "cannot exec into a container in a completed pod; current phase is Succeeded");
        assertStatus(raw("GET", pods + "finished/attach?stdout=true"), 400,
                "cannot attach to a container in a completed pod; current phase is Succeeded");
        AllInOne.Result finished = c.cluster.kubectl("exec", "finished", "--", "true");
        assertTrue(finished.exit() != 0 && finished.err().contains("current phase is Succeeded"), finished.err());

        assertStatus(raw("GET", pods + "shell/exec?stdout=true"), 400,
                "you must specify at least one command for the container");
        assertStatus(raw("GET", pods + "shell/exec?command=true&stdout=true"), 400, "Upgrade request required");
        assertStatus(raw("DELETE", pods + "shell/exec?command=true"), 405, "method DELETE is not supported");
        assertStatus(raw("GET", pods + "web/portforward?ports=70000"), 400, "invalid port \\\"70000\\\" to forward");

        c.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"unscheduled"},
                 "spec":{"nodeSelector":{"no":"such-node"},"containers":[{"name":"main","image":"%s"}]}}
                """.formatted(c.busybox));
        AllInOne.Result unscheduled = c.cluster.kubectl("exec", "unscheduled", "--", "true");
        assertTrue(unscheduled.exit() != 0 && unscheduled.err().contains(
                "Error from server (BadRequest): pod unscheduled does not have a host assigned"), unscheduled.err());
        assertStatus(raw("POST", pods + "unscheduled/portforward"), 400, "pod unscheduled does not have a host assigned");
    }

    /** The kubelet's own answers (plain text, as Kubernetes' kubelet), which the API server turns into Statuses. */
    @Test
    void aContainerThatIsNotRunningIsRefusedByTheKubeletInWords() throws Exception {
        c.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"half"},
                 "spec":{"restartPolicy":"OnFailure","terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%1$s","command":["sleep","3600"]},
                                {"name":"quitter","image":"%1$s","command":["true"]}]}}
                """.formatted(c.busybox));
        Eventually.until("quitter terminated", 90, () -> c.jsonpath("pod", "half",
                "{.status.containerStatuses[?(@.name==\"quitter\")].state.terminated.reason}"), "Completed"::equals);
        assertEquals("Running", c.jsonpath("pod", "half", "{.status.phase}"));
        AllInOne.Result exec = c.cluster.kubectl("exec", "half", "-c", "quitter", "--", "true");
        assertTrue(exec.exit() != 0 && exec.err().contains("Error from server (BadRequest): container \"quitter\" in "
                + "pod \"half\" is not running (exited)"), exec.err());
        assertEquals(0, c.cluster.kubectl("exec", "half", "-c", "main", "--", "true").exit());

        String ip = c.jsonpath("node", c.nodeName, "{.status.addresses[?(@.type==\"InternalIP\")].address}");
        String upgrade = " HTTP/1.1\r\nHost: kubelet\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\nContent-Length: 0\r\n\r\n";
        RawHttp.Response notRunning = RawHttp.exchange(ip, 10250, RawHttp.ascii(
                "POST /exec/default/half/quitter?command=true&output=1" + upgrade));
        assertEquals(400, notRunning.code(), notRunning.body());
        assertEquals("container \"quitter\" in pod \"half\" is not running (exited)", notRunning.body());
        RawHttp.Response elsewhere = RawHttp.exchange(ip, 10250, RawHttp.ascii(
                "POST /exec/default/not-here/main?command=true&output=1" + upgrade));
        assertEquals(404, elsewhere.code(), elsewhere.body());
        RawHttp.Response noUpgrade = RawHttp.exchange(ip, 10250, RawHttp.ascii(
                "POST /exec/default/half/main?command=true HTTP/1.1\r\nHost: kubelet\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n"));
        assertEquals(400, noUpgrade.code(), noUpgrade.body());
        assertTrue(noUpgrade.body().startsWith("Upgrade request required"), noUpgrade.body());
    }
}
