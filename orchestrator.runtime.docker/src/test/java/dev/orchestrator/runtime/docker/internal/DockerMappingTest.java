package dev.orchestrator.runtime.docker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Statistics;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ContainerStats;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.NotFoundException;
import dev.orchestrator.api.runtime.RuntimeUnavailableException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure mappings: image names, labels, times, states, stats, errors, CNI results. */
class DockerMappingTest {

    @Test
    void imageNamesSplitAtTheTagNotAtTheRegistryPort() {
        assertEquals(new ImageNames("127.0.0.1:5000/busybox", "1"), ImageNames.parse("127.0.0.1:5000/busybox:1"));
        assertEquals(new ImageNames("127.0.0.1:5000/busybox", "latest"), ImageNames.parse("127.0.0.1:5000/busybox"));
        assertEquals(new ImageNames("busybox", "latest"), ImageNames.parse("busybox"));
        assertEquals(new ImageNames("busybox@sha256:abc", null), ImageNames.parse("busybox@sha256:abc"));
        assertEquals("busybox:latest", ImageNames.parse("busybox").full());
        assertThrows(IllegalArgumentException.class, () -> ImageNames.parse(" "));
    }

    @Test
    void labelsKeepTheKubeletsLabelsAndAnnotationsApartFromTheRuntimesOwn() {
        Map<String, String> docker = DockerLabels.encode(Map.of("io.kubernetes.pod.uid", "u1"),
                Map.of("hash", "42"), Map.of(DockerLabels.TYPE, DockerLabels.TYPE_CONTAINER, DockerLabels.ATTEMPT, "3"));
        assertEquals(Map.of("io.kubernetes.pod.uid", "u1"), DockerLabels.labels(docker));
        assertEquals(Map.of("hash", "42"), DockerLabels.annotations(docker));
        assertEquals(3, DockerLabels.attempt(docker));
        assertEquals(0, DockerLabels.attempt(Map.of()));
    }

    @Test
    void dockersZeroTimeMeansNotReached() {
        assertEquals(Optional.empty(), DockerTimes.parse("0001-01-01T00:00:00Z"));
        assertEquals(Optional.empty(), DockerTimes.parse(""));
        assertEquals(Optional.of(Instant.parse("2026-12-02T21:47:32.941983098Z")),
                DockerTimes.parse("2026-12-02T21:47:32.941983098Z"));
    }

    @Test
    void statesMapOntoTheSpi() {
        assertEquals(ContainerStatus.State.CREATED, ContainerMapping.state("created"));
        assertEquals(ContainerStatus.State.RUNNING, ContainerMapping.state("running"));
        assertEquals(ContainerStatus.State.RUNNING, ContainerMapping.state("paused"));
        assertEquals(ContainerStatus.State.EXITED, ContainerMapping.state("exited"));
        assertEquals(ContainerStatus.State.EXITED, ContainerMapping.state("dead"));
        assertEquals(ContainerStatus.State.UNKNOWN, ContainerMapping.state("removing"));
    }

    @Test
    void workingSetIsUsageLessInactiveFilePages() throws Exception {
        Statistics v1 = new ObjectMapper().readValue("""
                {"read":"2026-12-02T22:00:00.5Z","cpu_stats":{"cpu_usage":{"total_usage":123456789}},
                 "memory_stats":{"usage":10000000,"stats":{"total_inactive_file":4000000}}}""", Statistics.class);
        assertEquals(new ContainerStats("c1", Instant.parse("2026-12-02T22:00:00.5Z"), 123456789, 6000000),
                ContainerMapping.stats("c1", v1));
        Statistics v2 = new ObjectMapper().readValue("""
                {"read":"2026-12-02T22:00:00Z","cpu_stats":{"cpu_usage":{"total_usage":5}},
                 "memory_stats":{"usage":100,"stats":{"inactive_file":30}}}""", Statistics.class);
        assertEquals(70, ContainerMapping.stats("c2", v2).memoryWorkingSetBytes());
    }

    @Test
    void errorsKeepDockersMessage() {
        ContainerRuntimeException notFound = DockerErrors.map(
                new DockerException("Status 404: {\"message\":\"No such container: x\"}", 404), "inspect", "unix:///s");
        assertTrue(notFound instanceof NotFoundException);
        assertEquals("No such container: x", notFound.getMessage());
        ContainerRuntimeException conflict = DockerErrors.map(
                new DockerException("Status 409: {\"message\":\"Conflict. The name \\\"/a\\\" is in use\"}", 409),
                "create", "unix:///s");
        assertEquals("Conflict. The name \"/a\" is in use", conflict.getMessage());
        ContainerRuntimeException down = DockerErrors.map(new UncheckedIOException(new java.io.IOException("refused")),
                "ping", "unix:///s");
        assertTrue(down instanceof RuntimeUnavailableException);
        assertTrue(down.getMessage().contains("unix:///s") && down.getMessage().contains("refused"), down.getMessage());
    }

    @Test
    void cniResultsGiveTheAddressesWithoutPrefixLength() throws Exception {
        var result = new ObjectMapper().readTree("""
                {"cniVersion":"0.4.0","ips":[{"version":"4","address":"10.244.246.5/24","gateway":"10.244.246.1"}]}""");
        assertEquals(List.of("10.244.246.5"), Cni.ips(result));
        assertEquals(List.of(), Cni.ips((com.fasterxml.jackson.databind.JsonNode) null));
    }
}
