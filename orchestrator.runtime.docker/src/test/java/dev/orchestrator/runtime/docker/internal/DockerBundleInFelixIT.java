package dev.orchestrator.runtime.docker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.ContainerConfig;
import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.RuntimeHandler;
import dev.orchestrator.api.runtime.SandboxConfig;
import dev.orchestrator.api.runtime.SandboxStatus;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

/**
 * The packaged bundle (docker-java and its libraries embedded) inside a real Felix with SCR, against the node's
 * dockerd (see {@link DockerNode}): with no configuration the component finds dockerd, the CNI configuration and the
 * pause image under orchestrator.data.dir, pulls busybox and runs a pod; stopped, it leaves no docker-java thread
 * behind while the pod keeps running; the updated bundle finds the pod again, IP included.
 */
class DockerBundleInFelixIT {

    private static final Map<String, String> LABELS = Map.of("test", "docker-felix");

    @Test
    void bundleRunsAPodAndLeavesItRunningAcrossAnUpdate() throws Exception {
        DockerNode.assumeAvailable();
        String jar = System.getProperty("docker.bundle", "");
        Assumptions.assumeTrue(!jar.isEmpty() && Files.isRegularFile(Path.of(jar)), "needs the packaged bundle");
        try (DockerNode node = DockerNode.start()) {
            Path storage = Files.createTempDirectory("docker-felix-");
            Felix felix = new Felix(frameworkProperties(node, storage));
            felix.start();
            ContainerRuntime runtime = null;
            try {
                BundleContext context = felix.getBundleContext();
                for (String name : List.of("org.osgi.util.function-", "org.osgi.util.promise-",
                        "org.osgi.service.component-", "org.apache.felix.scr-")) {
                    context.installBundle(new File(classPathJar(name)).toURI().toString()).start();
                }
                Bundle docker = context.installBundle(Path.of(jar).toUri().toString());
                docker.start();
                runtime = service(context);
                assertEquals("docker", runtime.version().runtimeName());
                runtime.images().pull(node.busybox(), Optional.empty());
                Path logs = Files.createDirectories(node.dir().resolve("logs/felix"));
                SandboxConfig pod = new SandboxConfig("felix", "default", "uid-felix", 0, "felix", logs.toString(),
                        LABELS, Map.of(), List.of(), node.cgroupParent() + "/pod-uid-felix", false, false,
                        SandboxConfig.DnsConfig.none(), "docker");
                String sandboxId = runtime.sandboxes().run(pod);
                String id = runtime.containers().create(sandboxId, new ContainerConfig("sleeper", 0, node.busybox(),
                        List.of("sleep", "3600"), List.of(), "", List.of(), List.of(), LABELS, Map.of(),
                        "sleeper/0.log", false, false, ContainerConfig.Resources.unlimited(),
                        ContainerConfig.Security.defaults()), pod);
                runtime.containers().start(id);
                String ip = runtime.sandboxes().status(sandboxId).ips().get(0);
                assertTrue(ip.startsWith(node.podIpPrefix()), ip);
                runtime.containers().stats();

                docker.stop();
                awaitNoThreads("docker-java");

                docker.update();
                docker.start();
                runtime = service(context);
                List<ContainerStatus> adopted = runtime.containers().list(Optional.of(sandboxId), LABELS);
                assertEquals(List.of(id), adopted.stream().map(ContainerStatus::id).toList());
                assertEquals(ContainerStatus.State.RUNNING, adopted.get(0).state(), "the container outlived the bundle");
                assertEquals(List.of(ip), runtime.sandboxes().status(sandboxId).ips());
            } finally {
                if (runtime != null) {
                    for (SandboxStatus s : runtime.sandboxes().list(LABELS)) {
                        runtime.sandboxes().stop(s.id());
                        runtime.sandboxes().remove(s.id());
                    }
                }
                felix.stop();
                felix.waitForStop(10_000);
                try (var paths = Files.walk(storage)) {
                    for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private static Map<String, Object> frameworkProperties(DockerNode node, Path storage) {
        Map<String, Object> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // the test talks to the service with its own copy of the API, and logs through its own SLF4J
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "dev.orchestrator.api.runtime;version=1.3.0,"
                + "dev.orchestrator.api.streaming;version=1.0.0,"
                + "org.slf4j;version=2.0.17,org.slf4j.spi;version=2.0.17,org.slf4j.helpers;version=2.0.17,"
                + "org.slf4j.event;version=2.0.17");
        p.put(DockerNodePaths.DATA_DIR_PROPERTY, node.dir().toString());
        return p;
    }

    private static ContainerRuntime service(BundleContext context) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            ServiceReference<ContainerRuntime> ref = context.getServiceReference(ContainerRuntime.class);
            if (ref != null) {
                assertEquals("docker", ref.getProperty(RuntimeHandler.NAME));
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

    private static void awaitNoThreads(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (threadNames().stream().anyMatch(n -> n.startsWith(prefix))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("threads left: " + threadNames());
            }
            Thread.sleep(20);
        }
    }
}
