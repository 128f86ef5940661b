package dev.orchestrator.kubelet.internal.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.api.runtime.ContainerExec;
import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.Containers;
import dev.orchestrator.api.runtime.Images;
import dev.orchestrator.api.runtime.NotFoundException;
import dev.orchestrator.api.runtime.PodSandboxes;
import dev.orchestrator.api.runtime.RuntimeStatus;
import dev.orchestrator.api.runtime.RuntimeUnavailableException;
import dev.orchestrator.api.runtime.RuntimeVersion;
import dev.orchestrator.api.runtime.SandboxConfig;
import dev.orchestrator.api.runtime.SandboxStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pods' counters from a /proc-style fixture: /proc/self is the kubelet, /proc/<pid> the pause processes. */
class PodNetworksTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final Map<String, String> NODE = Map.of("orchestrator.dev/node", "n1");

    @TempDir
    Path proc;
    private PodNetworks networks;

    @BeforeEach
    void fixture() throws Exception {
        process("self", "net:[4026531840]");
        process("100", "net:[4026532001]");
        Files.write(proc.resolve("100/net/dev"), NetDevTest.POD_NET_DEV);
        process("200", "net:[4026531840]"); // the kubelet's namespace: a host-network pod
        Files.write(proc.resolve("200/net/dev"), NetDevTest.POD_NET_DEV);
        networks = new PodNetworks(proc);
    }

    private void process(String pid, String netns) throws Exception {
        Files.createDirectories(proc.resolve(pid).resolve("ns"));
        Files.createDirectories(proc.resolve(pid).resolve("net"));
        Files.createSymbolicLink(proc.resolve(pid).resolve("ns/net"), Path.of(netns));
    }

    @Test
    void aReadySandboxShowsItsNamespacesCountersWithEth0AsDefault() {
        Sandboxes rt = new Sandboxes(List.of(sandbox("sb1", "u1", 0, true, OptionalLong.of(100)),
                sandbox("sb2", "u2", 0, true, OptionalLong.of(200)), sandbox("sb3", "u3", 0, false, OptionalLong.empty())));
        Set<String> seen = new HashSet<>();
        Map<String, PodNetworks.PodNetwork> read = networks.read(rt, NODE, T0, seen);
        assertEquals(Set.of("u1"), read.keySet(), "host-network and not-ready pods have no counters of their own");
        PodNetworks.PodNetwork u1 = read.get("u1");
        assertEquals("sb1", u1.sandboxId());
        assertEquals(new InterfaceStats("eth0", 3_148_210, 3, 121_380, 1), u1.usage().defaultInterface().orElseThrow());
        assertEquals(2, u1.usage().interfaces().size(), "lo is not counted");
        assertEquals(Set.of("sb1", "sb2"), seen);
        assertEquals(List.of(NODE), rt.listed, "the sandboxes of this node only");
        assertEquals(0, rt.statusCalls, "the pids came with the list");
    }

    @Test
    void aPidTheListLacksIsAskedOnceWhileTheSandboxStaysReady() {
        Sandboxes rt = new Sandboxes(List.of(sandbox("sb1", "u1", 0, true, OptionalLong.empty())));
        rt.pids.put("sb1", OptionalLong.of(100));
        for (int i = 0; i < 3; i++) {
            Set<String> seen = new HashSet<>();
            assertEquals(Set.of("u1"), networks.read(rt, NODE, T0, seen).keySet());
            networks.retainOnly(seen);
        }
        assertEquals(1, rt.statusCalls);
        networks.retainOnly(Set.of()); // the sandbox stopped
        networks.read(rt, NODE, T0, new HashSet<>());
        assertEquals(2, rt.statusCalls);
    }

    @Test
    void theNewestAttemptOfAPodCountsAndAVanishedProcessIsAskedAgain() throws Exception {
        Sandboxes rt = new Sandboxes(List.of(sandbox("old", "u1", 0, true, OptionalLong.of(300)),
                sandbox("new", "u1", 1, true, OptionalLong.empty())));
        rt.pids.put("new", OptionalLong.of(300)); // no /proc/300: gone
        assertEquals(Map.of(), networks.read(rt, NODE, T0, new HashSet<>()));
        assertEquals(1, rt.statusCalls);
        rt.pids.put("new", OptionalLong.of(100));
        assertEquals("new", networks.read(rt, NODE, T0, new HashSet<>()).get("u1").sandboxId());
        assertEquals(2, rt.statusCalls, "the pid of a process that was gone is not kept");
    }

    @Test
    void aRuntimeThatDoesNotAnswerOrGivesNoPidShowsNothing() {
        Sandboxes away = new Sandboxes(List.of());
        away.unavailable = true;
        assertEquals(Map.of(), networks.read(away, NODE, T0, new HashSet<>()));
        Sandboxes vm = new Sandboxes(List.of(sandbox("sb1", "u1", 0, true, OptionalLong.empty())));
        assertEquals(Map.of(), networks.read(vm, NODE, T0, new HashSet<>()));
        assertEquals(Map.of(), networks.read(vm, NODE, T0, new HashSet<>()));
        assertEquals(1, vm.statusCalls, "a runtime that has no pid for a sandbox is not asked again");
        assertEquals(2, vm.listed.size());
    }

    private static SandboxStatus sandbox(String id, String uid, int attempt, boolean ready, OptionalLong pid) {
        return new SandboxStatus(id, "p-" + uid, "default", uid, attempt,
                ready ? SandboxStatus.State.READY : SandboxStatus.State.NOT_READY, T0, List.of("10.244.0.5"),
                NODE, Map.of(), pid);
    }

    /** The sandboxes of a runtime as a fixture: a list reply, and pids that only a status call gives. */
    private static final class Sandboxes implements ContainerRuntime, PodSandboxes {
        private final List<SandboxStatus> sandboxes;
        final Map<String, OptionalLong> pids = new java.util.HashMap<>();
        final List<Map<String, String>> listed = new ArrayList<>();
        int statusCalls;
        boolean unavailable;

        Sandboxes(List<SandboxStatus> sandboxes) {
            this.sandboxes = sandboxes;
        }

        @Override
        public List<SandboxStatus> list(Map<String, String> labels) {
            if (unavailable) {
                throw new RuntimeUnavailableException("runtime away", null);
            }
            listed.add(labels);
            return sandboxes;
        }

        @Override
        public SandboxStatus status(String sandboxId) {
            statusCalls++;
            SandboxStatus s = sandboxes.stream().filter(x -> x.id().equals(sandboxId)).findFirst()
                    .orElseThrow(() -> new NotFoundException(sandboxId));
            return new SandboxStatus(s.id(), s.name(), s.namespace(), s.uid(), s.attempt(), s.state(), s.createdAt(),
                    s.ips(), s.labels(), s.annotations(), pids.getOrDefault(sandboxId, OptionalLong.empty()));
        }

        @Override
        public String run(SandboxConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stop(String sandboxId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(String sandboxId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RuntimeVersion version() {
            return new RuntimeVersion("fixture", "1", "v1");
        }

        @Override
        public RuntimeStatus status() {
            return RuntimeStatus.ready();
        }

        @Override
        public PodSandboxes sandboxes() {
            return this;
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
