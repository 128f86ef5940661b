package dev.orchestrator.kubelet.internal.eviction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orchestrator.testing.MovableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentFilesystemStatsTest {

    private final FakeFilesystemStats source = new FakeFilesystemStats();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-10T10:00:00Z"));
    private final RecentFilesystemStats recent = new RecentFilesystemStats(source, Duration.ofSeconds(10), clock);

    @Test
    void anAnswerServesEveryAskerUntilItIsOld() throws Exception {
        Path fs = Path.of("/data");
        source.set(fs, new FsStats(100, 50, 10, 5));
        assertEquals(new FsStats(100, 50, 10, 5), recent.of(fs));
        source.set(fs, new FsStats(100, 40, 10, 4));
        clock.advance(Duration.ofSeconds(9));
        assertEquals(new FsStats(100, 50, 10, 5), recent.of(fs), "the sampler's answer serves the monitor");
        assertEquals(1, source.calls);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(new FsStats(100, 40, 10, 4), recent.of(fs));
        assertEquals(2, source.calls);
        assertEquals(new FsStats(100, 40, 10, 4), recent.of(Path.of("/data/sub")), "another path is its own question");
        assertEquals(3, source.calls);
    }

    @Test
    void failuresAreNotKept() {
        assertThrows(IOException.class, () -> recent.of(Path.of("/nowhere")));
        assertThrows(IOException.class, () -> recent.of(Path.of("/nowhere")));
        assertEquals(2, source.calls);
    }

}
