package dev.orchestrator.runtime.cri.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.SandboxConfig;
import dev.orchestrator.api.runtime.SandboxStatus;
import dev.orchestrator.runtime.cri.internal.v1.NamespaceMode;
import dev.orchestrator.runtime.cri.internal.v1.PodIP;
import dev.orchestrator.runtime.cri.internal.v1.PodSandbox;
import dev.orchestrator.runtime.cri.internal.v1.PodSandboxConfig;
import dev.orchestrator.runtime.cri.internal.v1.PodSandboxMetadata;
import dev.orchestrator.runtime.cri.internal.v1.PodSandboxNetworkStatus;
import dev.orchestrator.runtime.cri.internal.v1.PodSandboxState;
import dev.orchestrator.runtime.cri.internal.v1.PodSandboxStatus;
import dev.orchestrator.runtime.cri.internal.v1.Protocol;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SandboxMappingTest {

    static SandboxConfig sandbox(boolean hostNetwork, SandboxConfig.DnsConfig dns) {
        return new SandboxConfig("web-0", "default", "uid-1", 2, "web-0", "/var/log/pods/default_web-0_uid-1",
                Map.of("app", "web"), Map.of("note", "x"),
                List.of(new SandboxConfig.PortMapping("UDP", 53, 5353, "127.0.0.1"),
                        new SandboxConfig.PortMapping("", 80, 8080, null)),
                "/orchpods/pod-uid-1", hostNetwork, false, dns, "");
    }

    @Test
    void podNetworkSandboxCarriesEveryField() {
        PodSandboxConfig c = SandboxMapping.toCri(sandbox(false,
                new SandboxConfig.DnsConfig(List.of("10.96.0.10"), List.of("default.svc.cluster.local"), List.of("ndots:5"))));
        assertEquals("web-0", c.getMetadata().getName());
        assertEquals("uid-1", c.getMetadata().getUid());
        assertEquals("default", c.getMetadata().getNamespace());
        assertEquals(2, c.getMetadata().getAttempt());
        assertEquals("web-0", c.getHostname());
        assertEquals("/var/log/pods/default_web-0_uid-1", c.getLogDirectory());
        assertEquals(List.of("10.96.0.10"), c.getDnsConfig().getServersList());
        assertEquals(List.of("default.svc.cluster.local"), c.getDnsConfig().getSearchesList());
        assertEquals(List.of("ndots:5"), c.getDnsConfig().getOptionsList());
        assertEquals(Protocol.UDP, c.getPortMappings(0).getProtocol());
        assertEquals(53, c.getPortMappings(0).getContainerPort());
        assertEquals(5353, c.getPortMappings(0).getHostPort());
        assertEquals("127.0.0.1", c.getPortMappings(0).getHostIp());
        assertEquals(Protocol.TCP, c.getPortMappings(1).getProtocol());
        assertEquals("", c.getPortMappings(1).getHostIp());
        assertEquals(Map.of("app", "web"), c.getLabelsMap());
        assertEquals(Map.of("note", "x"), c.getAnnotationsMap());
        assertEquals("/orchpods/pod-uid-1", c.getLinux().getCgroupParent());
        var ns = c.getLinux().getSecurityContext().getNamespaceOptions();
        assertEquals(NamespaceMode.POD, ns.getNetwork());
        assertEquals(NamespaceMode.CONTAINER, ns.getPid());
        assertEquals(NamespaceMode.POD, ns.getIpc());
    }

    @Test
    void hostNetworkSandboxUsesTheNodeNamespaceAndNoDnsMeansTheRuntimeDefault() {
        PodSandboxConfig c = SandboxMapping.toCri(sandbox(true, SandboxConfig.DnsConfig.none()));
        assertEquals(NamespaceMode.NODE, c.getLinux().getSecurityContext().getNamespaceOptions().getNetwork());
        assertFalse(c.hasDnsConfig());
    }

    @ParameterizedTest
    @CsvSource({"TCP,TCP", "tcp,TCP", "UDP,UDP", "sctp,SCTP", "'',TCP"})
    void protocols(String name, Protocol expected) {
        assertEquals(expected, SandboxMapping.protocol(name));
    }

    @Test
    void unknownProtocolIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SandboxMapping.protocol("ICMP"));
    }

    @Test
    void statusListsThePrimaryIpFirst() {
        PodSandboxStatus s = PodSandboxStatus.newBuilder().setId("sb1")
                .setMetadata(PodSandboxMetadata.newBuilder().setName("web-0").setNamespace("default").setUid("uid-1")
                        .setAttempt(1))
                .setState(PodSandboxState.SANDBOX_READY).setCreatedAt(1_700_000_000_123_456_789L)
                .setNetwork(PodSandboxNetworkStatus.newBuilder().setIp("10.244.250.5")
                        .addAdditionalIps(PodIP.newBuilder().setIp("fd00::5")))
                .putLabels("app", "web").putAnnotations("note", "x").build();
        SandboxStatus status = SandboxMapping.fromCri(s);
        assertEquals(new SandboxStatus("sb1", "web-0", "default", "uid-1", 1, SandboxStatus.State.READY,
                Instant.ofEpochSecond(1_700_000_000L, 123_456_789L), List.of("10.244.250.5", "fd00::5"),
                Map.of("app", "web"), Map.of("note", "x")), status);
    }

    @Test
    void statusWithoutNetworkHasNoIpsAndNotReadyMaps() {
        PodSandboxStatus s = PodSandboxStatus.newBuilder().setId("sb1").setState(PodSandboxState.SANDBOX_NOTREADY)
                .setNetwork(PodSandboxNetworkStatus.newBuilder().setIp("")).build();
        SandboxStatus status = SandboxMapping.fromCri(s);
        assertTrue(status.ips().isEmpty());
        assertEquals(SandboxStatus.State.NOT_READY, status.state());
    }

    @Test
    void thePauseProcessIdIsKeptOnlyWhileTheSandboxIsReady() {
        PodSandboxStatus ready = PodSandboxStatus.newBuilder().setId("sb1").setState(PodSandboxState.SANDBOX_READY)
                .build();
        assertEquals(OptionalLong.of(4321), SandboxMapping.fromCri(ready, OptionalLong.of(4321)).pid());
        assertEquals(OptionalLong.empty(), SandboxMapping.fromCri(ready).pid());
        PodSandboxStatus stopped = ready.toBuilder().setState(PodSandboxState.SANDBOX_NOTREADY).build();
        assertEquals(OptionalLong.empty(), SandboxMapping.fromCri(stopped, OptionalLong.of(4321)).pid());
    }

    @Test
    void listItemMaps() {
        PodSandbox item = PodSandbox.newBuilder().setId("sb2").setState(PodSandboxState.SANDBOX_READY)
                .setMetadata(PodSandboxMetadata.newBuilder().setName("n").setNamespace("ns").setUid("u"))
                .setCreatedAt(5_000_000_001L).putLabels("a", "b").build();
        SandboxStatus status = SandboxMapping.fromCri(item);
        assertEquals("sb2", status.id());
        assertEquals(Instant.ofEpochSecond(5, 1), status.createdAt());
        assertEquals(Map.of("a", "b"), status.labels());
    }
}
