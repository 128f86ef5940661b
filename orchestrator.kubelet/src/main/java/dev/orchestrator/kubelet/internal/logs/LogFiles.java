package dev.orchestrator.kubelet.internal.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of one container's log: the current file ({@code <restart>.log}, which the runtime
 * writes) and the rotated ones beside it, named as Kubernetes names them:
 * {@code <restart>.log.<yyyyMMdd-HHmmss>}, so that name order is age order.
 */
public final class LogFiles {

    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private LogFiles() {
    }

    /** The rotated files of {@code current}, oldest first. */
    public static List<Path> rotated(Path current) throws IOException {
        Path dir = current.getParent();
        String prefix = current.getFileName() + ".";
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(prefix) && name.length() > prefix.length() && !name.endsWith(".tmp");
            }).sorted().toList();
        }
    }

    /** Rotated files oldest first, then the current one (when it exists). */
    public static List<Path> inOrder(Path current) throws IOException {
        List<Path> all = new ArrayList<>(rotated(current));
        if (Files.exists(current)) {
            all.add(current);
        }
        return all;
    }

    /** The name the current file gets when rotated at {@code now}. */
    public static Path rotatedName(Path current, Instant now) {
        return current.resolveSibling(current.getFileName() + "." + SUFFIX.format(now));
    }
}
