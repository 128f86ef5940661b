package dev.orchestrator.runtime.cri.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.ContainerConfig;
import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.ImageInfo;
import dev.orchestrator.api.runtime.Images;
import dev.orchestrator.api.runtime.SandboxConfig;
import dev.orchestrator.api.runtime.SandboxStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pods and containers the containerd tests run, all labelled {@code test=cri} so teardown finds them. */
final class Fixtures {

    static final Map<String, String> LABELS = Map.of("test", "cri");

    private Fixtures() {
    }

    /** A pod of {@code node}, in a cgroup under the node's parent (which {@code node-env.sh down} removes). */
    static SandboxConfig sandbox(CriNode node, String name, String uid, Path logs) {
        return new SandboxConfig(name, "default", uid, 0, name, logs.toString(), LABELS, Map.of("note", "cri test"),
                List.of(), node.cgroupParent() + "/pod-" + uid, false, false, SandboxConfig.DnsConfig.none(), "");
    }

    /**
     * A busybox container of {@code node} (the image must have been pulled). The image has no entrypoint and
     * Cmd ["sh"] like Docker Hub's, so every container names its command.
     */
    static ContainerConfig container(CriNode node, String name, List<String> command, List<String> args) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("busybox has no entrypoint: name the command of " + name);
        }
        return new ContainerConfig(name, 0, node.busybox(), command, args, "/", List.of(new ContainerConfig.EnvVar("GREETING", "hi")),
                List.of(), Map.of("test", "cri", "container", name), Map.of(), name + "/0.log", false, false,
                new ContainerConfig.Resources(256, 50_000, 100_000, 64L << 20), ContainerConfig.Security.defaults());
    }

    /**
     * Pulls the node's busybox ({@code 127.0.0.1:<port>/busybox:1}, only in the registry so far) through CRI
     * PullImage: the pull answers with an image ref, and ImageStatus then finds the image under that id.
     */
    static String pullBusybox(Images images, CriNode node) {
        String image = node.busybox();
        assertEquals(Optional.empty(), images.status(image), "busybox is only in the registry before the pull");
        String ref = images.pull(image, Optional.empty());
        assertTrue(ref != null && ref.startsWith("sha256:"), "image ref of " + image + ": " + ref);
        ImageInfo info = images.status(image).orElseThrow(() -> new AssertionError("no status after pulling " + image));
        assertEquals(ref, info.id());
        assertTrue(info.repoTags().contains(image), info.toString());
        assertTrue(info.sizeBytes() > 0, info.toString());
        return ref;
    }

    /** Stops and removes every sandbox the tests made (containers go with them). */
    static void removeAll(ContainerRuntime runtime) {
        for (SandboxStatus s : runtime.sandboxes().list(LABELS)) {
            runtime.sandboxes().stop(s.id());
            runtime.sandboxes().remove(s.id());
        }
    }
}
