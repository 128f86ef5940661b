package dev.orchestrator.runtime.cri.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.NotFoundException;
import dev.orchestrator.api.runtime.RuntimeUnavailableException;
import io.grpc.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CriErrorsTest {

    private static final CriEndpoint ENDPOINT = new CriEndpoint(Path.of("/run/x/containerd.sock"));

    @Test
    void notFoundKeepsTheRuntimeMessage() {
        var e = CriErrors.map(Status.NOT_FOUND.withDescription("container \"c1\": not found").asRuntimeException(),
                "ContainerStatus", ENDPOINT);
        assertInstanceOf(NotFoundException.class, e);
        assertEquals("container \"c1\": not found", e.getMessage());
    }

    @Test
    void unavailableAndDeadlineNameTheEndpoint() {
        for (Status s : new Status[] {Status.UNAVAILABLE, Status.DEADLINE_EXCEEDED}) {
            var e = CriErrors.map(s.withDescription("io exception").asRuntimeException(), "Version", ENDPOINT);
            assertInstanceOf(RuntimeUnavailableException.class, e);
            assertTrue(e.getMessage().contains("unix:///run/x/containerd.sock"), e.getMessage());
            assertTrue(e.getMessage().contains("Version"), e.getMessage());
        }
    }

    @Test
    void othersCarryTheDescriptionOrTheCode() {
        var e = CriErrors.map(Status.UNKNOWN.withDescription("failed to create containerd task").asRuntimeException(),
                "StartContainer", ENDPOINT);
        assertEquals(ContainerRuntimeException.class, e.getClass());
        assertEquals("failed to create containerd task", e.getMessage());
        assertEquals("INTERNAL",
                CriErrors.map(Status.INTERNAL.asRuntimeException(), "StartContainer", ENDPOINT).getMessage());
    }
}
