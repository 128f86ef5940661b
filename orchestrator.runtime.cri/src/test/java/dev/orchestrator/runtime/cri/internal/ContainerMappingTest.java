package dev.orchestrator.runtime.cri.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.ContainerConfig;
import dev.orchestrator.api.runtime.ContainerStats;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.runtime.cri.internal.v1.ContainerAttributes;
import dev.orchestrator.runtime.cri.internal.v1.ContainerMetadata;
import dev.orchestrator.runtime.cri.internal.v1.ContainerState;
import dev.orchestrator.runtime.cri.internal.v1.CpuUsage;
import dev.orchestrator.runtime.cri.internal.v1.ImageSpec;
import dev.orchestrator.runtime.cri.internal.v1.MemoryUsage;
import dev.orchestrator.runtime.cri.internal.v1.NamespaceMode;
import dev.orchestrator.runtime.cri.internal.v1.UInt64Value;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainerMappingTest {

    static ContainerConfig container(ContainerConfig.Security security) {
        return new ContainerConfig("web", 3, "localhost/busybox:1", List.of("httpd"), List.of("-f", "-p", "80"), "/www",
                List.of(new ContainerConfig.EnvVar("A", "1"), new ContainerConfig.EnvVar("B", "2")),
                List.of(new ContainerConfig.Mount("/data", "/var/lib/x", true)), Map.of("app", "web"),
                Map.of("hash", "abc"), "web/3.log", true, false,
                new ContainerConfig.Resources(512, 50_000, 100_000, 64L << 20), security);
    }

    @Test
    void configCarriesEveryField() {
        var c = ContainerMapping.toCri(container(new ContainerConfig.Security(OptionalLong.of(1000), true, true)), false);
        assertEquals("web", c.getMetadata().getName());
        assertEquals(3, c.getMetadata().getAttempt());
        assertEquals("localhost/busybox:1", c.getImage().getImage());
        assertEquals(List.of("httpd"), c.getCommandList());
        assertEquals(List.of("-f", "-p", "80"), c.getArgsList());
        assertEquals("/www", c.getWorkingDir());
        assertEquals(2, c.getEnvsCount());
        assertEquals("A", c.getEnvs(0).getKey());
        assertEquals("1", c.getEnvs(0).getValue());
        assertEquals("/data", c.getMounts(0).getContainerPath());
        assertEquals("/var/lib/x", c.getMounts(0).getHostPath());
        assertTrue(c.getMounts(0).getReadonly());
        assertEquals(Map.of("app", "web"), c.getLabelsMap());
        assertEquals(Map.of("hash", "abc"), c.getAnnotationsMap());
        assertEquals("web/3.log", c.getLogPath());
        assertTrue(c.getStdin());
        assertFalse(c.getTty());
        var r = c.getLinux().getResources();
        assertEquals(512, r.getCpuShares());
        assertEquals(50_000, r.getCpuQuota());
        assertEquals(100_000, r.getCpuPeriod());
        assertEquals(64L << 20, r.getMemoryLimitInBytes());
        var s = c.getLinux().getSecurityContext();
        assertTrue(s.hasRunAsUser());
        assertEquals(1000, s.getRunAsUser().getValue());
        assertTrue(s.getPrivileged());
        assertTrue(s.getReadonlyRootfs());
        assertEquals(NamespaceMode.POD, s.getNamespaceOptions().getNetwork());
        assertEquals(NamespaceMode.CONTAINER, s.getNamespaceOptions().getPid());
    }

    @Test
    void imageUserStaysUnsetAndHostNetworkIsJoined() {
        var c = ContainerMapping.toCri(container(ContainerConfig.Security.defaults()), true);
        var s = c.getLinux().getSecurityContext();
        assertFalse(s.hasRunAsUser());
        assertFalse(s.getPrivileged());
        assertEquals(NamespaceMode.NODE, s.getNamespaceOptions().getNetwork());
    }

    @Test
    void exitedStatusMapsTimesAndOutcome() {
        var s = dev.orchestrator.runtime.cri.internal.v1.ContainerStatus.newBuilder().setId("c1")
                .setMetadata(ContainerMetadata.newBuilder().setName("web").setAttempt(2))
                .setState(ContainerState.CONTAINER_EXITED).setCreatedAt(1_000_000_000L)
                .setStartedAt(2_000_000_500L).setFinishedAt(3_000_000_000L).setExitCode(137)
                .setImage(ImageSpec.newBuilder().setImage("localhost/busybox:1")).setImageRef("sha256:abc")
                .setReason("OOMKilled").setMessage("out of memory").putLabels("app", "web")
                .putAnnotations("hash", "1").setLogPath("/var/log/pods/x/web/2.log").build();
        ContainerStatus status = ContainerMapping.fromCri(s, "sb1");
        assertEquals(new ContainerStatus("c1", "sb1", "web", 2, ContainerStatus.State.EXITED, "localhost/busybox:1",
                "sha256:abc", Instant.ofEpochSecond(1), Optional.of(Instant.ofEpochSecond(2, 500)),
                Optional.of(Instant.ofEpochSecond(3)), 137, "OOMKilled", "out of memory", Map.of("app", "web"),
                Map.of("hash", "1"), "/var/log/pods/x/web/2.log"), status);
    }

    @Test
    void createdContainerHasNoStartOrFinish() {
        var s = dev.orchestrator.runtime.cri.internal.v1.ContainerStatus.newBuilder().setId("c1")
                .setState(ContainerState.CONTAINER_CREATED).setCreatedAt(1L).build();
        ContainerStatus status = ContainerMapping.fromCri(s, "");
        assertEquals(Optional.empty(), status.startedAt());
        assertEquals(Optional.empty(), status.finishedAt());
        assertEquals(ContainerStatus.State.CREATED, status.state());
    }

    @ParameterizedTest
    @CsvSource({"CONTAINER_CREATED,CREATED", "CONTAINER_RUNNING,RUNNING", "CONTAINER_EXITED,EXITED",
            "CONTAINER_UNKNOWN,UNKNOWN"})
    void states(ContainerState cri, ContainerStatus.State expected) {
        assertEquals(expected, ContainerMapping.state(cri));
    }

    @Test
    void statsTakeCpuTimeAndWorkingSet() {
        var s = dev.orchestrator.runtime.cri.internal.v1.ContainerStats.newBuilder()
                .setAttributes(ContainerAttributes.newBuilder().setId("c1"))
                .setCpu(CpuUsage.newBuilder().setTimestamp(7_000_000_000L)
                        .setUsageCoreNanoSeconds(UInt64Value.newBuilder().setValue(123_456)))
                .setMemory(MemoryUsage.newBuilder().setTimestamp(8_000_000_000L)
                        .setWorkingSetBytes(UInt64Value.newBuilder().setValue(4096)))
                .build();
        assertEquals(new ContainerStats("c1", Instant.ofEpochSecond(7), 123_456, 4096), ContainerMapping.fromCri(s));
    }
}
