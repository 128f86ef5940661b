package dev.orchestrator.runtime.cri.internal;

import dev.orchestrator.api.runtime.SandboxConfig;
import dev.orchestrator.api.runtime.SandboxStatus;
import dev.orchestrator.runtime.cri.internal.v1.DNSConfig;
import dev.orchestrator.runtime.cri.internal.v1.LinuxPodSandboxConfig;
import dev.orchestrator.runtime.cri.internal.v1.LinuxSandboxSecurityContext;
import dev.orchestrator.runtime.cri.internal.v1.NamespaceMode;
import dev.orchestrator.runtime.cri.internal.v1.NamespaceOption;
import dev.orchestrator.runtime.cri.internal.v1.PodIP;
import dev.orchestrator.runtime.cri.internal.v1.PodSandbox;
import dev.orchestrator.runtime.cri.internal.v1.PodSandboxConfig;
import dev.orchestrator.runtime.cri.internal.v1.PodSandboxMetadata;
import dev.orchestrator.runtime.cri.internal.v1.PodSandboxState;
import dev.orchestrator.runtime.cri.internal.v1.PortMapping;
import dev.orchestrator.runtime.cri.internal.v1.Protocol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** Sandboxes between the runtime API and CRI: {@link SandboxConfig} out, {@link SandboxStatus} back. */
final class SandboxMapping {

    private SandboxMapping() {
    }

    /** The CRI sandbox configuration; passed again with every container created in the sandbox. */
    static PodSandboxConfig toCri(SandboxConfig c) {
        PodSandboxConfig.Builder b = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(c.name()).setUid(c.uid())
                        .setNamespace(c.namespace()).setAttempt(c.attempt()))
                .setHostname(c.hostname())
                .setLogDirectory(c.logDirectory())
                .putAllLabels(c.labels())
                .putAllAnnotations(c.annotations())
                .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent(c.cgroupParent())
                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                .setNamespaceOptions(namespaces(c.hostNetwork())).setPrivileged(c.privileged())));
        SandboxConfig.DnsConfig dns = c.dns();
        if (!dns.servers().isEmpty() || !dns.searches().isEmpty() || !dns.options().isEmpty()) {
            // without dns_config the runtime copies the node's resolv.conf, which is what "none" means
            b.setDnsConfig(DNSConfig.newBuilder().addAllServers(dns.servers()).addAllSearches(dns.searches())
                    .addAllOptions(dns.options()));
        }
        for (SandboxConfig.PortMapping p : c.ports()) {
            b.addPortMappings(PortMapping.newBuilder().setProtocol(protocol(p.protocol()))
                    .setContainerPort(p.containerPort()).setHostPort(p.hostPort())
                    .setHostIp(p.hostIp() == null ? "" : p.hostIp()));
        }
        return b.build();
    }

    /**
     * Kubernetes' namespace sharing: the network namespace is the pod's (or the node's for host-network pods),
     * every container has its own PID namespace, IPC is shared in the pod. Used for the sandbox and its containers.
     */
    static NamespaceOption namespaces(boolean hostNetwork) {
        return NamespaceOption.newBuilder()
                .setNetwork(hostNetwork ? NamespaceMode.NODE : NamespaceMode.POD)
                .setPid(NamespaceMode.CONTAINER)
                .setIpc(NamespaceMode.POD)
                .build();
    }

    static Protocol protocol(String name) {
        if (name == null || name.isBlank()) {
            return Protocol.TCP;
        }
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "UDP" -> Protocol.UDP;
            case "SCTP" -> Protocol.SCTP;
            case "TCP" -> Protocol.TCP;
            default -> throw new IllegalArgumentException("unknown port protocol: " + name);
        };
    }

    /** A sandbox's full status: the primary IP first, then the additional ones; no process id. */
    static SandboxStatus fromCri(dev.orchestrator.runtime.cri.internal.v1.PodSandboxStatus s) {
        return fromCri(s, OptionalLong.empty());
    }

    /** A sandbox's full status with its pause process id (from the verbose reply; only while it is ready). */
    static SandboxStatus fromCri(dev.orchestrator.runtime.cri.internal.v1.PodSandboxStatus s, OptionalLong pid) {
        List<String> ips = new ArrayList<>();
        if (s.hasNetwork() && !s.getNetwork().getIp().isEmpty()) {
            ips.add(s.getNetwork().getIp());
            for (PodIP ip : s.getNetwork().getAdditionalIpsList()) {
                ips.add(ip.getIp());
            }
        }
        PodSandboxMetadata m = s.getMetadata();
        SandboxStatus.State state = state(s.getState());
        return new SandboxStatus(s.getId(), m.getName(), m.getNamespace(), m.getUid(), m.getAttempt(), state,
                instant(s.getCreatedAt()), ips, s.getLabelsMap(), s.getAnnotationsMap(),
                state == SandboxStatus.State.READY ? pid : OptionalLong.empty());
    }

    /** A sandbox from a list reply, which carries no addresses. */
    static SandboxStatus fromCri(PodSandbox s) {
        PodSandboxMetadata m = s.getMetadata();
        return new SandboxStatus(s.getId(), m.getName(), m.getNamespace(), m.getUid(), m.getAttempt(),
                state(s.getState()), instant(s.getCreatedAt()), List.of(), s.getLabelsMap(), s.getAnnotationsMap());
    }

    static SandboxStatus.State state(PodSandboxState state) {
        return state == PodSandboxState.SANDBOX_READY ? SandboxStatus.State.READY : SandboxStatus.State.NOT_READY;
    }

    /** CRI times are nanoseconds since the epoch. */
    static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }
}
