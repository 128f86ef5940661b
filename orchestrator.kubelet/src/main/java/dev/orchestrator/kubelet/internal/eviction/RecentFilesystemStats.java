package dev.orchestrator.kubelet.internal.eviction;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares statvfs answers between a kubelet's eviction monitor and its usage sampler: both look at the same file
 * system every 10 s, and an answer younger than {@code maxAge} is given again instead of starting another
 * {@code stat} process. Failures are not kept.
 */
public final class RecentFilesystemStats implements FilesystemStats {

    private record Answer(Instant at, FsStats stats) {
    }

    private final FilesystemStats source;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<Path, Answer> answers = new ConcurrentHashMap<>();

    public RecentFilesystemStats(FilesystemStats source, Duration maxAge, Clock clock) {
        this.source = source;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public FsStats of(Path path) throws IOException {
        Instant now = clock.instant();
        Answer known = answers.get(path);
        if (known != null && Duration.between(known.at(), now).compareTo(maxAge) < 0) {
            return known.stats();
        }
        FsStats stats = source.of(path);
        answers.put(path, new Answer(now, stats));
        return stats;
    }
}
