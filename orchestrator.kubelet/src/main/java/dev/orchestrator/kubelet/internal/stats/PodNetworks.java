package dev.orchestrator.kubelet.internal.stats;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.SandboxStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pods' network counters, read as cAdvisor reads them: {@code /proc/<pid>/net/dev} of the sandbox's pause
 * process shows the counters of the pod's own network namespace, without entering it, whatever the runtime.
 * The pid comes with the runtime's sandbox status ({@link SandboxStatus#pid()}); a runtime whose list carries
 * none (Docker) is asked once per sandbox, and the answer is kept while the sandbox stays ready (its pause
 * process lives exactly as long). Host-network pods share the node's namespace: their counters are the node's
 * and are not reported as the pod's.
 */
public final class PodNetworks {

    private static final Logger LOG = LoggerFactory.getLogger(PodNetworks.class);
    /** Kubernetes' name of a pod's default interface. */
    public static final String POD_INTERFACE = "eth0";

    /** One pod's counters, and the sandbox they were read from. */
    public record PodNetwork(String sandboxId, NetworkUsage usage) {
    }

    private final Path proc;
    /** The pause pid of each ready sandbox seen, by sandbox id; empty when its runtime gives none. */
    private final Map<String, OptionalLong> pids = new ConcurrentHashMap<>();

    /** @param proc where {@code /proc} is (a fixture directory in tests) */
    public PodNetworks(Path proc) {
        this.proc = proc;
    }

    /**
     * The counters of each pod of {@code rt} whose sandbox carries {@code labels} and is ready, by pod uid; the
     * ids of the ready sandboxes are added to {@code seen}. A runtime that does not answer gives nothing.
     */
    public Map<String, PodNetwork> read(ContainerRuntime rt, Map<String, String> labels, Instant now,
                                        Set<String> seen) {
        List<SandboxStatus> listed;
        try {
            listed = rt.sandboxes().list(labels);
        } catch (ContainerRuntimeException e) {
            return Map.of();
        }
        Map<String, SandboxStatus> newest = new HashMap<>();
        for (SandboxStatus s : listed) {
            if (s.state() == SandboxStatus.State.READY) {
                seen.add(s.id());
                newest.merge(s.uid(), s, (a, b) -> a.attempt() >= b.attempt() ? a : b);
            }
        }
        Map<String, PodNetwork> result = new HashMap<>();
        newest.forEach((uid, s) -> read(rt, s, now).ifPresent(usage -> result.put(uid, new PodNetwork(s.id(), usage))));
        return result;
    }

    /** Forgets the pids of sandboxes that are no longer ready. */
    public void retainOnly(Set<String> readySandboxIds) {
        pids.keySet().retainAll(readySandboxIds);
    }

    private Optional<NetworkUsage> read(ContainerRuntime rt, SandboxStatus s, Instant now) {
        OptionalLong pid = pid(rt, s);
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        Path process = proc.resolve(Long.toString(pid.getAsLong()));
        try {
            if (hostNetwork(process)) {
                return Optional.empty();
            }
            return Optional.of(new NetworkUsage(now, POD_INTERFACE,
                    NetDev.read(process.resolve("net").resolve("dev"), NetDev::counted)));
        } catch (IOException e) {
            pids.remove(s.id()); // the process is gone: ask again if the sandbox is still listed ready
            LOG.debug("pod network not read sandbox={} pid={} error={}", s.id(), pid.getAsLong(), e.toString());
            return Optional.empty();
        }
    }

    private OptionalLong pid(ContainerRuntime rt, SandboxStatus s) {
        if (s.pid().isPresent()) {
            return s.pid();
        }
        OptionalLong known = pids.get(s.id());
        if (known != null) {
            return known;
        }
        try {
            OptionalLong asked = rt.sandboxes().status(s.id()).pid();
            pids.put(s.id(), asked);
            return asked;
        } catch (ContainerRuntimeException e) {
            return OptionalLong.empty(); // gone, or the runtime is away: the next sample asks again
        }
    }

    /**
     * Whether the process lives in the kubelet's own network namespace (a host-network pod). Namespace links
     * that cannot be read (no permission, a fixture without them) count as the pod's own namespace.
     */
    private boolean hostNetwork(Path process) throws IOException {
        if (!Files.isDirectory(process)) {
            throw new NoSuchFileException(process.toString());
        }
        try {
            Path own = Files.readSymbolicLink(proc.resolve("self").resolve("ns").resolve("net"));
            return own.equals(Files.readSymbolicLink(process.resolve("ns").resolve("net")));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
