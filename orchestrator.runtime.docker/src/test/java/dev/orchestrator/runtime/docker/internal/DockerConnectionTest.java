package dev.orchestrator.runtime.docker.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.RuntimeUnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConnectionTest {

    private static final DockerTimeouts TIMEOUTS = new DockerTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(1));

    @Test
    void withoutDockerdEveryCallIsUnavailableAtOnceAndClosingIsQuiet(@TempDir Path dir) {
        DockerConnection docker = new DockerConnection(dir.resolve("docker.sock"), TIMEOUTS);
        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class,
                () -> docker.call("ping", c -> c.pingCmd().exec()));
        assertTrue(e.getMessage().contains(dir.resolve("docker.sock").toString()) && e.getMessage().contains("not running"),
                e.getMessage());
        assertThrows(RuntimeUnavailableException.class, () -> docker.oneShotStats("abc"));
        assertThrows(RuntimeUnavailableException.class, () -> docker.slowCall("pull", c -> c.pingCmd().exec()));
        docker.close();
    }
}
