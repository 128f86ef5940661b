package dev.orchestrator.runtime.cri.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CriEndpointTest {

    @Test
    void configuredEndpointWins() {
        assertEquals(Path.of("/run/containerd/containerd.sock"),
                CriEndpoint.resolve("unix:///run/containerd/containerd.sock", "/data").socket());
        assertEquals(Path.of("/run/crio/crio.sock"), CriEndpoint.resolve("/run/crio/crio.sock", null).socket());
    }

    @Test
    void defaultIsTheNodeSocketUnderTheDataDir() {
        CriEndpoint e = CriEndpoint.resolve("", "/srv/orch");
        assertEquals(Path.of("/srv/orch/node/containerd/containerd.sock"), e.socket());
        assertEquals("unix:///srv/orch/node/containerd/containerd.sock", e.toString());
    }

    @Test
    void otherSchemesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> CriEndpoint.parse("tcp://127.0.0.1:1234"));
        assertThrows(IllegalArgumentException.class, () -> CriEndpoint.parse("unix://relative.sock"));
    }

    @Test
    void graceRoundsUp() {
        assertEquals(0, CriTimeouts.ceilSeconds(Duration.ZERO));
        assertEquals(0, CriTimeouts.ceilSeconds(Duration.ofSeconds(-3)));
        assertEquals(1, CriTimeouts.ceilSeconds(Duration.ofMillis(1)));
        assertEquals(30, CriTimeouts.ceilSeconds(Duration.ofSeconds(30)));
        assertEquals(31, CriTimeouts.ceilSeconds(Duration.ofMillis(30_001)));
    }
}
