package dev.orchestrator.apiserver.internal.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: one JSON event per line, appended; when the file would pass {@code maxBytes} it is renamed to
 * {@code <name>-<UTC time>.<ext>} (as Kubernetes' log backend names its backups) and a new one started, and only the
 * newest {@code maxBackups} backups are kept. A write that fails is logged, never failing the request.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final DateTimeFormatter BACKUP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS")
            .withZone(ZoneOffset.UTC);

    private final Path file;
    private final long maxBytes;
    private final int maxBackups;
    private final Clock clock;
    private OutputStream out;
    private long size;

    public AuditLog(Path file, long maxBytes, int maxBackups, Clock clock) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.maxBackups = maxBackups;
        this.clock = clock;
        Files.createDirectories(file.toAbsolutePath().getParent());
        open();
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    /** Appends one line, which ends in its newline: one system call, as every request waits for this lock. */
    public synchronized void write(byte[] line) {
        try {
            if (size > 0 && size + line.length > maxBytes) {
                rotate();
            }
            out.write(line);
            size += line.length;
        } catch (IOException e) {
            LOG.warn("audit event not written to {}: {}", file, e.toString());
        }
    }

    private void rotate() throws IOException {
        out.close();
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        Files.move(file, file.resolveSibling(base + "-" + BACKUP_TIME.format(clock.instant()) + ext));
        List<Path> backups = new ArrayList<>();
        try (Stream<Path> siblings = Files.list(file.toAbsolutePath().getParent())) {
            siblings.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(base + "-") && n.endsWith(ext) && !p.equals(file);
            }).sorted().forEach(backups::add);
        }
        for (int i = 0; i < backups.size() - maxBackups; i++) {
            Files.deleteIfExists(backups.get(i));
        }
        open();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
