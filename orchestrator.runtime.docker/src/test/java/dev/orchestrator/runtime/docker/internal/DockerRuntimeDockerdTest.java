package dev.orchestrator.runtime.docker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.ContainerConfig;
import dev.orchestrator.api.runtime.ContainerExec;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ContainerStats;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.ExecResult;
import dev.orchestrator.api.runtime.ImagePullException;
import dev.orchestrator.api.runtime.NotFoundException;
import dev.orchestrator.api.runtime.RuntimeStatus;
import dev.orchestrator.api.runtime.RuntimeUnavailableException;
import dev.orchestrator.api.runtime.RuntimeVersion;
import dev.orchestrator.api.runtime.SandboxConfig;
import dev.orchestrator.api.runtime.SandboxStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime against a real dockerd beside a real node (see {@link DockerNode}, made by {@code node/node-env.sh}
 * {@code up} and {@code docker-up}): a pull from the node's plain-http registry, a sandbox whose pod IP on the node's
 * bridge serves HTTP to the host, exec, stats, logs, the OOM killer, dockerd's own error messages. Skipped unless root
 * with dockerd installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerRuntimeDockerdTest {

    private static final Logger LOG = LoggerFactory.getLogger(DockerRuntimeDockerdTest.class);
    private static final DockerTimeouts TIMEOUTS =
            new DockerTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(5));
    private static final Map<String, String> LABELS = Map.of("test", "docker");

    private DockerNode node;
    private DockerContainerRuntime runtime;
    private String busyboxId;

    @BeforeAll
    void start() throws Exception {
        DockerNode.assumeAvailable();
        node = DockerNode.start();
        runtime = new DockerContainerRuntime(node.paths(), TIMEOUTS);
        assertEquals(Optional.empty(), runtime.images().status(node.busybox()), "busybox is only in the registry");
        busyboxId = runtime.images().pull(node.busybox(), Optional.empty());
        assertTrue(busyboxId.startsWith("sha256:"), busyboxId);
    }

    @AfterAll
    void stop() {
        try {
            if (runtime != null) {
                for (SandboxStatus s : runtime.sandboxes().list(LABELS)) {
                    runtime.sandboxes().stop(s.id());
                    runtime.sandboxes().remove(s.id());
                }
                runtime.close();
            }
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void versionAndStatus() {
        RuntimeVersion v = runtime.version();
        assertEquals("docker", v.runtimeName());
        assertTrue(v.runtimeVersion().startsWith("20.10"), v.toString());
        assertEquals(RuntimeStatus.ready(), runtime.status());
    }

    /** dockerd of the node runs with --bridge=none --iptables=false: no docker0, no DOCKER chains, forwarding as it was. */
    @Test
    void dockerdLeavesTheHostNetworkAlone() throws Exception {
        assertFalse(Files.exists(Path.of("/sys/class/net/docker0")), "docker0 exists");
        for (String table : List.of("filter", "nat")) {
            Process p = new ProcessBuilder("iptables", "-w", "10", "-t", table, "-S").redirectErrorStream(true).start();
            String rules = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor());
            assertFalse(rules.contains("DOCKER"), table + ": " + rules);
        }
    }

    @Test
    void absentDockerdIsUnavailableNotBroken() {
        DockerNodePaths paths = node.paths();
        DockerContainerRuntime absent = new DockerContainerRuntime(new DockerNodePaths(
                node.dir().resolve("no-such.sock"), paths.cniConfDir(), paths.cniBinDir(), paths.cniResultDir(),
                paths.pauseImage()), TIMEOUTS);
        try {
            RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class, absent::status);
            assertTrue(e.getMessage().contains("no-such.sock"), e.getMessage());
        } finally {
            absent.close();
        }
    }

    @Test
    void podLifecycle() throws Exception {
        Path logs = Files.createDirectories(node.dir().resolve("logs/web"));
        SandboxConfig pod = sandbox("web", "uid-web", logs);
        String sandboxId = runtime.sandboxes().run(pod);
        SandboxStatus sandbox = runtime.sandboxes().status(sandboxId);
        assertEquals(SandboxStatus.State.READY, sandbox.state());
        assertEquals("uid-web", sandbox.uid());
        assertEquals("web", sandbox.name());
        assertEquals(Map.of("note", "docker test"), sandbox.annotations());
        assertEquals(LABELS, sandbox.labels());
        assertEquals(1, sandbox.ips().size(), sandbox.ips().toString());
        String ip = sandbox.ips().get(0);
        assertTrue(ip.startsWith(node.podIpPrefix()) && !ip.equals(node.podIpPrefix() + "1"), ip);
        assertTrue(runtime.sandboxes().list(LABELS).stream()
                .anyMatch(s -> s.id().equals(sandboxId) && s.ips().equals(List.of(ip))));
        // inspect names the pause process, whose /proc entry shows the pod's namespace (CNI's eth0)
        long pid = sandbox.pid().orElseThrow(() -> new AssertionError("no pause pid in " + sandbox));
        assertTrue(Files.readString(Path.of("/proc/" + pid + "/net/dev")).contains("eth0:"), "pid " + pid);

        String id = runtime.containers().create(sandboxId, container("httpd", List.of("sh", "-c",
                "echo started; echo oops >&2; exec httpd -f -p 80 -h /www"), Resources.limited()), pod);
        runtime.containers().start(id);
        ContainerStatus status = runtime.containers().status(id);
        assertEquals(ContainerStatus.State.RUNNING, status.state());
        assertEquals(sandboxId, status.sandboxId());
        assertEquals("httpd", status.name());
        assertEquals(busyboxId, status.imageRef());
        assertTrue(status.startedAt().isPresent());
        assertTrue(status.finishedAt().isEmpty());
        assertEquals(logs.resolve("httpd/0.log").toString(), status.logPath());
        assertEquals(Map.of("test", "docker", "container", "httpd"), status.labels());

        assertEquals("hello from orchestrator\n", httpGet(ip));
        // the same name and attempt again: a running container is never replaced, dockerd's conflict says why
        ContainerRuntimeException conflict = assertThrows(ContainerRuntimeException.class, () -> runtime.containers()
                .create(sandboxId, container("httpd", List.of("true"), Resources.limited()), pod));
        assertTrue(conflict.getMessage().contains("Conflict"), conflict.getMessage());

        ExecResult hi = runtime.exec().execSync(id, List.of("echo", "hi"), Duration.ofSeconds(5));
        assertEquals(0, hi.exitCode());
        assertEquals("hi\n", new String(hi.stdout(), StandardCharsets.UTF_8));
        ExecResult env = runtime.exec().execSync(id, List.of("sh", "-c", "echo $GREETING >&2; exit 3"), Duration.ZERO);
        assertEquals(3, env.exitCode());
        assertEquals("hi\n", new String(env.stderr(), StandardCharsets.UTF_8));
        // the pod's hostname and resolver settings reach its containers through the pause container
        ExecResult hostname = runtime.exec().execSync(id, List.of("hostname"), Duration.ofSeconds(5));
        assertEquals("web\n", new String(hostname.stdout(), StandardCharsets.UTF_8));
        ExecResult resolv = runtime.exec().execSync(id, List.of("cat", "/etc/resolv.conf"), Duration.ofSeconds(5));
        String resolvConf = new String(resolv.stdout(), StandardCharsets.UTF_8);
        assertTrue(resolvConf.contains("nameserver 10.96.0.10") && resolvConf.contains("search default.svc.cluster.local"),
                resolvConf);
        ContainerRuntimeException timedOut = assertThrows(ContainerRuntimeException.class,
                () -> runtime.exec().execSync(id, List.of("sleep", "30"), Duration.ofSeconds(1)));
        assertTrue(timedOut.getMessage().contains("timed out"), timedOut.getMessage());
        ContainerRuntimeException missing = assertThrows(ContainerRuntimeException.class,
                () -> runtime.exec().execSync(id, List.of("no-such-command"), Duration.ofSeconds(5)));
        LOG.info("exec of a missing command failed message={}", missing.getMessage());
        assertTrue(missing.getMessage().contains("no-such-command"), missing.getMessage());
        // streaming sessions need the node's streaming server (bundle orchestrator.streaming), not set up here
        ContainerRuntimeException streaming = assertThrows(ContainerRuntimeException.class, () -> runtime.exec()
                .exec(id, List.of("sh"), new ContainerExec.StreamOptions(true, true, false, true)));
        assertTrue(streaming.getMessage().contains("needs the node's streaming server"), streaming.getMessage());

        // logs: the kubelet's path is a link to docker's json-file log, one JSON object per line
        String log = Files.readString(Path.of(status.logPath()));
        assertTrue(Files.isSymbolicLink(Path.of(status.logPath())));
        assertTrue(log.contains("{\"log\":\"started\\n\",\"stream\":\"stdout\",\"time\":\"") 
                && log.contains("{\"log\":\"oops\\n\",\"stream\":\"stderr\",\"time\":\""), log);

        // the cgroup limits of the container config are applied under the pod's cgroup parent
        Path memoryLimit = Path.of("/sys/fs/cgroup/memory" + pod.cgroupParent() + "/" + id + "/memory.limit_in_bytes");
        if (Files.exists(memoryLimit)) {
            assertEquals(Long.toString(64L << 20), Files.readString(memoryLimit).trim());
        }

        List<ContainerStats> stats = runtime.containers().stats();
        ContainerStats mine = stats.stream().filter(s -> s.containerId().equals(id)).findFirst().orElseThrow();
        assertTrue(mine.memoryWorkingSetBytes() > 0, mine.toString());
        assertTrue(mine.cpuUsageCoreNanoSeconds() > 0, mine.toString());

        assertEquals(List.of(id), runtime.containers().list(Optional.of(sandboxId), Map.of("container", "httpd"))
                .stream().map(ContainerStatus::id).toList());
        assertEquals(List.of(), runtime.containers().list(Optional.empty(), Map.of("container", "none")));

        runtime.containers().stop(id, Duration.ofMillis(1500));
        ContainerStatus exited = runtime.containers().status(id);
        assertEquals(ContainerStatus.State.EXITED, exited.state());
        assertTrue(exited.finishedAt().isPresent());
        runtime.containers().stop(id, Duration.ZERO);
        runtime.containers().remove(id);
        runtime.containers().remove(id);
        assertThrows(NotFoundException.class, () -> runtime.containers().status(id));
        assertFalse(Files.exists(Path.of(status.logPath()), java.nio.file.LinkOption.NOFOLLOW_LINKS));

        runtime.sandboxes().stop(sandboxId);
        assertEquals(SandboxStatus.State.NOT_READY, runtime.sandboxes().status(sandboxId).state());
        assertEquals(List.of(), runtime.sandboxes().status(sandboxId).ips());
        assertTrue(runtime.sandboxes().status(sandboxId).pid().isEmpty(), "a stopped sandbox has no process");
        runtime.sandboxes().remove(sandboxId);
        runtime.sandboxes().remove(sandboxId);
        assertThrows(NotFoundException.class, () -> runtime.sandboxes().status(sandboxId));
    }

    @Test
    void exitCodesAndOomKill() throws Exception {
        Path logs = Files.createDirectories(node.dir().resolve("logs/jobs"));
        SandboxConfig pod = sandbox("jobs", "uid-jobs", logs);
        String sandboxId = runtime.sandboxes().run(pod);
        String ok = runtime.containers().create(sandboxId, container("ok", List.of("true"), Resources.limited()), pod);
        String fail = runtime.containers().create(sandboxId,
                container("fail", List.of("sh", "-c", "exit 7"), Resources.limited()), pod);
        // a memory hog: 16 MiB limit, keeps appending to a shell variable
        String hog = runtime.containers().create(sandboxId, container("hog", List.of("sh", "-c",
                "x=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; while true; do x=$x$x; done"),
                new ContainerConfig.Resources(0, 0, 0, 16L << 20)), pod);
        assertEquals(ContainerStatus.State.CREATED, runtime.containers().status(ok).state());
        assertTrue(runtime.containers().status(ok).startedAt().isEmpty());
        for (String id : List.of(ok, fail, hog)) {
            runtime.containers().start(id);
        }
        waitFor(() -> List.of(ok, fail, hog).stream()
                .allMatch(id -> runtime.containers().status(id).state() == ContainerStatus.State.EXITED));
        ContainerStatus okStatus = runtime.containers().status(ok);
        assertEquals(0, okStatus.exitCode());
        assertEquals("Completed", okStatus.reason());
        assertTrue(okStatus.finishedAt().isPresent());
        // a leftover of the same name and attempt that has exited gives way to a new creation
        String again = runtime.containers().create(sandboxId, container("ok", List.of("true"), Resources.limited()), pod);
        assertFalse(again.equals(ok));
        assertThrows(NotFoundException.class, () -> runtime.containers().status(ok));
        assertEquals(ContainerStatus.State.CREATED, runtime.containers().status(again).state());
        ContainerStatus failStatus = runtime.containers().status(fail);
        assertEquals(7, failStatus.exitCode());
        assertEquals("Error", failStatus.reason());
        ContainerStatus hogStatus = runtime.containers().status(hog);
        assertEquals("OOMKilled", hogStatus.reason(), hogStatus.toString());
        assertEquals(137, hogStatus.exitCode());
        assertTrue(hogStatus.finishedAt().orElseThrow().isAfter(hogStatus.startedAt().orElseThrow()));
        runtime.sandboxes().stop(sandboxId);
        runtime.sandboxes().remove(sandboxId);
    }

    @Test
    void missingCommandFailsWithDockersMessage() throws Exception {
        Path logs = Files.createDirectories(node.dir().resolve("logs/bad"));
        SandboxConfig pod = sandbox("bad", "uid-bad", logs);
        String sandboxId = runtime.sandboxes().run(pod);
        String id = runtime.containers().create(sandboxId,
                container("bad", List.of("/no/such/binary"), Resources.limited()), pod);
        ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class,
                () -> runtime.containers().start(id));
        LOG.info("start of a missing command failed message={}", e.getMessage());
        assertTrue(e.getMessage().contains("/no/such/binary") && e.getMessage().contains("no such file"),
                e.getMessage());
        runtime.sandboxes().stop(sandboxId);
        runtime.sandboxes().remove(sandboxId);
        assertThrows(NotFoundException.class, () -> runtime.containers().status(id));
    }

    @Test
    void images() {
        assertEquals(busyboxId, runtime.images().status(node.busybox()).orElseThrow().id());
        assertTrue(runtime.images().list().stream().anyMatch(i -> i.repoTags().contains(node.busybox())
                && i.id().equals(busyboxId)));
        ImagePullException e = assertThrows(ImagePullException.class,
                () -> runtime.images().pull(node.registry() + "/no-such-image:1", Optional.empty()));
        LOG.info("pull of a missing image failed message={}", e.getMessage());
        assertTrue(e.getMessage().contains("no-such-image"), e.getMessage());
        runtime.images().remove(node.registry() + "/never-pulled:1");
        assertThrows(NotFoundException.class, () -> runtime.sandboxes().status("no-such-sandbox"));
        assertThrows(NotFoundException.class, () -> runtime.containers().status("no-such-container"));
    }

    private SandboxConfig sandbox(String name, String uid, Path logs) {
        return new SandboxConfig(name, "default", uid, 0, name, logs.toString(), LABELS, Map.of("note", "docker test"),
                List.of(), node.cgroupParent() + "/pod-" + uid, false, false,
                new SandboxConfig.DnsConfig(List.of("10.96.0.10"), List.of("default.svc.cluster.local"),
                        List.of("ndots:5")), "docker");
    }

    private ContainerConfig container(String name, List<String> command, ContainerConfig.Resources resources) {
        return new ContainerConfig(name, 0, node.busybox(), command, List.of(), "/",
                List.of(new ContainerConfig.EnvVar("GREETING", "hi")), List.of(),
                Map.of("test", "docker", "container", name), Map.of(), name + "/0.log", false, false, resources,
                ContainerConfig.Security.defaults());
    }

    private static final class Resources {
        static ContainerConfig.Resources limited() {
            return new ContainerConfig.Resources(256, 50_000, 100_000, 64L << 20);
        }
    }

    private static String httpGet(String ip) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + ip + "/index.html"))
                .timeout(Duration.ofSeconds(3)).build();
        AssertionError last = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException e) {
                last = new AssertionError("GET http://" + ip + "/ failed", e);
                Thread.sleep(100);
            }
        }
        throw last;
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 60 s");
            }
            Thread.sleep(100);
        }
    }
}
