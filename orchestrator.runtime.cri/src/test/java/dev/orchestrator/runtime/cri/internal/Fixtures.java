package dev.orchestrator.runtime.cri.internal;

import dev.orchestrator.api.runtime.ContainerConfig;
import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.SandboxConfig;
import dev.orchestrator.api.runtime.SandboxStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Pods and containers the containerd tests run, all labelled {@code test=cri} so teardown finds them. */
final class Fixtures {

    static final String BUSYBOX = "localhost/busybox:1";
    static final Map<String, String> LABELS = Map.of("test", "cri");

    private Fixtures() {
    }

    static SandboxConfig sandbox(String name, String uid, Path logs) {
        return new SandboxConfig(name, "default", uid, 0, name, logs.toString(), LABELS, Map.of("note", "cri test"),
                List.of(), "/orchcri/pod-" + uid, false, SandboxConfig.DnsConfig.none(), "");
    }

    static ContainerConfig container(String name, List<String> command, List<String> args) {
        return new ContainerConfig(name, 0, BUSYBOX, command, args, "/", List.of(new ContainerConfig.EnvVar("GREETING", "hi")),
                List.of(), Map.of("test", "cri", "container", name), Map.of(), name + "/0.log", false, false,
                new ContainerConfig.Resources(256, 50_000, 100_000, 64L << 20), ContainerConfig.Security.defaults());
    }

    /** Stops and removes every sandbox the tests made (containers go with them). */
    static void removeAll(ContainerRuntime runtime) {
        for (SandboxStatus s : runtime.sandboxes().list(LABELS)) {
            runtime.sandboxes().stop(s.id());
            runtime.sandboxes().remove(s.id());
        }
    }
}
