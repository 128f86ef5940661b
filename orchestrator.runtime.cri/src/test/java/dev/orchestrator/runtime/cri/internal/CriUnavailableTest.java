package dev.orchestrator.runtime.cri.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.RuntimeUnavailableException;
import dev.orchestrator.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A runtime whose socket is missing fails fast with the endpoint in the message, and closes cleanly. */
class CriUnavailableTest {

    @Test
    void missingSocket() throws Exception {
        Path dir = Files.createTempDirectory("cri-missing-");
        CriEndpoint endpoint = new CriEndpoint(dir.resolve("containerd.sock"));
        CriContainerRuntime runtime = new CriContainerRuntime(endpoint, "auto",
                new CriTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO));
        try {
            long t0 = System.nanoTime();
            RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class, runtime::version);
            assertTrue(e.getMessage().contains(endpoint.toString()), e.getMessage());
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(4).toNanos(), "fails fast, not at the deadline");
            assertThrows(RuntimeUnavailableException.class, () -> runtime.sandboxes().list(java.util.Map.of()));
        } finally {
            runtime.close();
            Files.delete(dir);
        }
        // the channel's threads end on their own after close, not necessarily before it returns
        Eventually.until("no cri-* thread left", 10, () -> Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName).filter(n -> n.startsWith("cri-")).toList(), List::isEmpty);
    }
}
