package dev.orchestrator.runtime.cri.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.RuntimeHandler;
import dev.orchestrator.api.runtime.SandboxConfig;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packaged bundle (gRPC, Netty and its epoll native library embedded) inside a real Felix with SCR, against a
 * real containerd (see {@link CriNode}): the component finds the node's socket under orchestrator.data.dir, reaches
 * it over epoll, pulls busybox from the node's registry, runs a pod, and on bundle stop leaves no thread behind while the pod keeps running; the updated bundle adopts it.
 */
class CriBundleInFelixIT {

    private static final Logger LOG = LoggerFactory.getLogger(CriBundleInFelixIT.class);
    private static final String EPOLL_LIBRARY = "libio_grpc_netty_shaded_netty_transport_native_epoll";

    @Test
    void bundleRunsAPodAndLeavesItRunningAcrossAnUpdate() throws Exception {
        CriNode.assumeAvailable();
        String jar = System.getProperty("cri.bundle", "");
        Assumptions.assumeTrue(!jar.isEmpty() && Files.isRegularFile(Path.of(jar)), "needs the packaged bundle");
        assertTrue(!loadedLibraries().contains(EPOLL_LIBRARY), "nothing outside the bundle loaded epoll");
        try (CriNode node = CriNode.start()) {
            Path storage = Files.createTempDirectory("cri-felix-");
            Felix felix = new Felix(frameworkProperties(node, storage));
            felix.start();
            ContainerRuntime runtime = null;
            try {
                BundleContext context = felix.getBundleContext();
                Set<String> threadsBefore = threadNames();
                for (String name : List.of("org.osgi.util.function-", "org.osgi.util.promise-",
                        "org.osgi.service.component-", "org.apache.felix.scr-")) {
                    context.installBundle(new File(classPathJar(name)).toURI().toString()).start();
                }
                Bundle cri = context.installBundle(Path.of(jar).toUri().toString());
                long t0 = System.nanoTime();
                cri.start();
                runtime = service(context);
                LOG.info("first call through the bundle ms={} version={}", (System.nanoTime() - t0) / 1_000_000,
                        runtime.version());
                assertTrue(loadedLibraries().contains(EPOLL_LIBRARY), "the bundle loaded the epoll native library");
                assertTrue(threadNames().stream().anyMatch(n -> n.startsWith("cri-io")), threadNames().toString());

                Path logs = Files.createDirectories(node.dir().resolve("logs/felix"));
                t0 = System.nanoTime();
                String ref = Fixtures.pullBusybox(runtime.images(), node);
                LOG.info("PullImage through the bundle image={} ref={} ms={}", node.busybox(), ref,
                        (System.nanoTime() - t0) / 1_000_000);
                SandboxConfig pod = Fixtures.sandbox(node, "felix", "uid-felix", logs);
                String sandboxId = runtime.sandboxes().run(pod);
                String id = runtime.containers().create(sandboxId,
                        Fixtures.container(node, "sleeper", List.of("sleep"), List.of("3600")), pod);
                runtime.containers().start(id);
                String ip = runtime.sandboxes().status(sandboxId).ips().get(0);
                assertTrue(ip.startsWith(node.podIpPrefix()), ip);
                assertEquals("hi\n", new String(runtime.exec().execSync(id, List.of("echo", "hi"), Duration.ofSeconds(5))
                        .stdout(), StandardCharsets.UTF_8));
                LOG.info("pod running inside Felix sandbox={} ip={} container={}", sandboxId, ip, id);

                t0 = System.nanoTime();
                cri.stop();
                awaitNoThreads("cri-");
                LOG.info("bundle stopped, no cri-* thread left ms={} new threads={}",
                        (System.nanoTime() - t0) / 1_000_000, newThreads(threadsBefore));

                cri.update();
                cri.start();
                runtime = service(context);
                List<ContainerStatus> adopted = runtime.containers().list(Optional.of(sandboxId), Fixtures.LABELS);
                assertEquals(List.of(id), adopted.stream().map(ContainerStatus::id).toList());
                assertEquals(ContainerStatus.State.RUNNING, adopted.get(0).state(), "the container outlived the bundle");
                assertEquals(List.of(ip), runtime.sandboxes().status(sandboxId).ips());
                LOG.info("updated bundle adopted container={} state={}", id, adopted.get(0).state());
            } finally {
                if (runtime != null) {
                    Fixtures.removeAll(runtime);
                }
                felix.stop();
                felix.waitForStop(10_000);
                deleteTree(storage);
            }
            awaitNoThreads("cri-");
        }
    }

    private static Map<String, Object> frameworkProperties(CriNode node, Path storage) {
        Map<String, Object> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // the test talks to the service with its own copy of the API, and logs through its own SLF4J
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "dev.orchestrator.api.runtime;version=1.3.0,"
                + "org.slf4j;version=2.0.17,org.slf4j.spi;version=2.0.17,org.slf4j.helpers;version=2.0.17,"
                + "org.slf4j.event;version=2.0.17");
        p.put(CriEndpoint.DATA_DIR_PROPERTY, node.dir().toString());
        return p;
    }

    private static ContainerRuntime service(BundleContext context) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            ServiceReference<ContainerRuntime> ref = context.getServiceReference(ContainerRuntime.class);
            if (ref != null) {
                assertEquals("runc", ref.getProperty(RuntimeHandler.NAME));
                return context.getService(ref);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no ContainerRuntime service");
    }

    private static String classPathJar(String prefix) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().startsWith(prefix)) {
                return entry;
            }
        }
        throw new AssertionError("not on the test class path: " + prefix);
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }

    private static List<String> newThreads(Set<String> before) {
        List<String> names = new ArrayList<>(threadNames());
        names.removeAll(before);
        return names;
    }

    private static void awaitNoThreads(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (threadNames().stream().anyMatch(n -> n.startsWith(prefix))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("threads left: " + threadNames());
            }
            Thread.sleep(20);
        }
    }

    /** Shared libraries mapped into this JVM (Netty copies its native library to a temporary file first). */
    private static String loadedLibraries() throws IOException {
        return Files.readString(Path.of("/proc/self/maps"));
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
