package dev.orchestrator.runtime.sim.internal;

import dev.orchestrator.api.runtime.ContainerConfig;
import dev.orchestrator.api.runtime.SandboxConfig;
import dev.orchestrator.testing.MovableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Inputs shared by the tests: configs with only what matters set, and a clock the test moves. */
final class Fixtures {

    static final String IMAGE = "busybox:1.36";

    private Fixtures() {
    }

    static SandboxConfig sandbox(String name, Map<String, String> labels) {
        return sandbox(name, labels, false);
    }

    static SandboxConfig sandbox(String name, Map<String, String> labels, boolean hostNetwork) {
        return new SandboxConfig(name, "default", "uid-" + name, 0, name, "/var/log/pods/" + name, labels,
                Map.of("note", name), List.of(), "", hostNetwork, false, SandboxConfig.DnsConfig.none(), "sim");
    }

    static ContainerConfig container(String name, String image, List<String> command) {
        return container(name, image, command, Map.of());
    }

    static ContainerConfig container(String name, String image, List<String> command, Map<String, String> labels) {
        return new ContainerConfig(name, 0, image, command, List.of(), "", List.of(), List.of(), labels, Map.of(),
                name + "/0.log", false, false, ContainerConfig.Resources.unlimited(),
                ContainerConfig.Security.defaults());
    }

    /** A clock that stands still until the test advances it. */
    static MovableClock clock() {
        return new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    }
}
