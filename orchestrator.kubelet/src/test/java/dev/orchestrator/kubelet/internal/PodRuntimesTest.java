package dev.orchestrator.kubelet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orchestrator.api.runtime.ContainerExec;
import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.Containers;
import dev.orchestrator.api.runtime.Images;
import dev.orchestrator.api.runtime.PodSandboxes;
import dev.orchestrator.api.runtime.RuntimeStatus;
import dev.orchestrator.api.runtime.RuntimeVersion;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which runtime a pod runs on: the default one, or the one serving its RuntimeClass's handler. */
class PodRuntimesTest {

    private final ContainerRuntime runc = new Named("runc");
    private final ContainerRuntime docker = new Named("docker");
    private final AtomicInteger lookups = new AtomicInteger();
    private final RuntimeClasses classes = new RuntimeClasses(name -> {
        lookups.incrementAndGet();
        return Map.of("docker", "docker", "kata", "kata").entrySet().stream().filter(e -> e.getKey().equals(name))
                .map(Map.Entry::getValue).findFirst();
    });
    private final PodRuntimes runtimes = new PodRuntimes(() -> runc, () -> Map.of(runc, "runc", docker, "docker"),
            classes);

    @Test
    void aPodWithoutAClassRunsOnTheDefaultRuntimeAndNoClassIsLookedUp() throws Exception {
        assertSame(runc, runtimes.forPod(pod(null)).orElseThrow());
        assertSame(runc, runtimes.forPod(pod("")).orElseThrow());
        assertEquals(0, lookups.get());
    }

    @Test
    void aPodOfAClassRunsOnTheRuntimeOfItsHandlerAndTheClassIsKeptAWhile() throws Exception {
        assertSame(docker, runtimes.forPod(pod("docker")).orElseThrow());
        assertSame(docker, runtimes.forPod(pod("docker")).orElseThrow());
        assertEquals(1, lookups.get());
    }

    @Test
    void aMissingClassOrHandlerSaysWhich() {
        PodRuntimes.NoRuntime noClass = assertThrows(PodRuntimes.NoRuntime.class, () -> runtimes.forPod(pod("gvisor")));
        assertEquals("runtimeclass.node.k8s.io \"gvisor\" not found", noClass.getMessage());
        PodRuntimes.NoRuntime noHandler = assertThrows(PodRuntimes.NoRuntime.class, () -> runtimes.forPod(pod("kata")));
        assertEquals("RuntimeHandler \"kata\" not supported (RuntimeClass \"kata\"): no container runtime of this node "
                + "serves it", noHandler.getMessage());
    }

    @Test
    void everyRuntimeOnceTheDefaultFirstAndNoneMissing() throws Exception {
        assertEquals(List.of(runc, docker), runtimes.all());
        PodRuntimes none = new PodRuntimes(() -> null, Map::of, classes);
        assertEquals(List.of(), none.all());
        assertEquals(Optional.empty(), none.forPod(pod(null)));
        assertEquals(List.of(runc), PodRuntimes.only(() -> runc).all());
    }

    private static Pod pod(String runtimeClassName) {
        return new PodBuilder().withNewMetadata().withName("p").withUid("u").endMetadata()
                .withNewSpec().withRuntimeClassName(runtimeClassName).endSpec().build();
    }

    /** A runtime that is only told apart by its name: selection never calls it. */
    private record Named(String name) implements ContainerRuntime {
        @Override
        public RuntimeVersion version() {
            return new RuntimeVersion(name, "1", "v1");
        }

        @Override
        public RuntimeStatus status() {
            return RuntimeStatus.ready();
        }

        @Override
        public PodSandboxes sandboxes() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Containers containers() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ContainerExec exec() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Images images() {
            throw new UnsupportedOperationException();
        }
    }
}
