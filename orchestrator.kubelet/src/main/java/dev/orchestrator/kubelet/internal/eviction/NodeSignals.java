package dev.orchestrator.kubelet.internal.eviction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes the eviction signals a kubelet's thresholds need, and only those: memory from the usage
 * the caller measured, nodefs and imagefs from statvfs of the kubelet's volume directory and of the
 * runtime's image directory (the same file system unless configured otherwise), pid from
 * {@code /proc}. A signal that cannot be observed is left out (and logged): no pressure is
 * inferred from a failed measurement.
 */
public final class NodeSignals {

    private static final Logger LOG = LoggerFactory.getLogger(NodeSignals.class);

    private final FilesystemStats filesystems;
    private final Path nodefs;
    private final Path imagefs;
    private final ProcessIds pids;

    /**
     * @param nodefs a path on the node's file system (the volume directory; it may not exist yet)
     * @param imagefs a path on the runtime's image file system (may be the same as nodefs)
     */
    public NodeSignals(FilesystemStats filesystems, Path nodefs, Path imagefs, ProcessIds pids) {
        this.filesystems = filesystems;
        this.nodefs = nodefs;
        this.imagefs = imagefs;
        this.pids = pids;
    }

    /** What memory the node has and uses, as the caller measured it (bytes). */
    public record Memory(long capacity, long used) {
    }

    public Map<Signal, Observation> observe(Set<Signal> wanted, Memory memory) {
        Map<Signal, Observation> observed = new EnumMap<>(Signal.class);
        Map<Path, FsStats> statted = new HashMap<>();
        for (Signal s : wanted) {
            try {
                switch (s) {
                    case MEMORY_AVAILABLE -> observed.put(s, new Observation(s,
                            Math.max(0, memory.capacity() - memory.used()), memory.capacity()));
                    case PID_AVAILABLE -> observed.put(s, pids.observe());
                    case NODEFS_AVAILABLE -> observed.put(s, bytes(s, stat(nodefs, statted)));
                    case NODEFS_INODES_FREE -> observed.put(s, inodes(s, stat(nodefs, statted)));
                    case IMAGEFS_AVAILABLE -> observed.put(s, bytes(s, stat(imagefs, statted)));
                    case IMAGEFS_INODES_FREE -> observed.put(s, inodes(s, stat(imagefs, statted)));
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("eviction signal not observed signal={} error={}", s.key(), e.toString());
            }
        }
        return observed;
    }

    private FsStats stat(Path path, Map<Path, FsStats> statted) throws IOException {
        FsStats known = statted.get(path);
        if (known == null) {
            known = filesystems.of(existing(path));
            statted.put(path, known);
        }
        return known;
    }

    /** The path, or its nearest ancestor that exists (a volume directory is made with the first pod). */
    public static Path existing(Path path) {
        Path p = path.toAbsolutePath();
        while (p.getParent() != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p;
    }

    private static Observation bytes(Signal s, FsStats fs) {
        return new Observation(s, fs.availableBytes(), fs.capacityBytes());
    }

    private static Observation inodes(Signal s, FsStats fs) {
        return new Observation(s, fs.inodesFree(), fs.inodes());
    }
}
