package dev.orchestrator.kubelet.internal.stats;

import dev.orchestrator.kubelet.internal.eviction.DiskUsage;
import dev.orchestrator.kubelet.internal.eviction.FsStats;
import dev.orchestrator.kubelet.internal.eviction.LocalStorage;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Measures a pod's local storage with the eviction monitor's {@link LocalStorage}: each emptyDir walked once
 * (its files' bytes and its inodes, as {@code du}), configMap volumes for the pod's total, and each container's
 * log directory. Docker keeps a container's log in its own data root and the kubelet's path is a link to it;
 * the linked file's size is counted for the running instance (docker's rotated files are not).
 */
public final class PodStorageReader {

    private final LocalStorage local;

    public PodStorageReader(LocalStorage local) {
        this.local = local;
    }

    /**
     * @param currentLogs the log file of each running container, by container name
     * @param nodeFs the file system the pod's volumes and logs are on, when known
     */
    public PodStorage read(Pod pod, Map<String, Path> currentLogs, Instant now, Optional<FsStats> nodeFs)
            throws IOException {
        DiskUsage ephemeral = DiskUsage.NONE;
        Map<String, FsUsage> volumes = new LinkedHashMap<>();
        for (Volume v : pod.getSpec().getVolumes()) {
            boolean emptyDir = v.getEmptyDir() != null;
            if (!emptyDir && !LocalStorage.onDisk(v)) {
                continue;
            }
            DiskUsage used = local.volume(pod, v.getName());
            boolean disk = LocalStorage.onDisk(v);
            if (disk) {
                ephemeral = ephemeral.plus(used);
            }
            if (emptyDir) {
                // a memory emptyDir is a tmpfs of its own, whose size is not the node's
                volumes.put(v.getName(), usage(now, used, disk ? nodeFs : Optional.empty()));
            }
        }
        Map<String, FsUsage> logs = new HashMap<>();
        for (Map.Entry<String, DiskUsage> e : local.containerLogs(pod).entrySet()) {
            DiskUsage used = e.getValue().plus(linkedLog(currentLogs.get(e.getKey())));
            ephemeral = ephemeral.plus(used);
            logs.put(e.getKey(), usage(now, used, nodeFs));
        }
        return new PodStorage(usage(now, ephemeral, nodeFs), volumes, logs);
    }

    /** The file a log link points to (its bytes; its inode is the runtime's); nothing for a plain file. */
    private static DiskUsage linkedLog(Path log) {
        try {
            if (log != null && Files.isSymbolicLink(log) && Files.isRegularFile(log)) {
                return new DiskUsage(Files.size(log), 0);
            }
        } catch (IOException e) {
            // rotated or removed meanwhile
        }
        return DiskUsage.NONE;
    }

    private static FsUsage usage(Instant now, DiskUsage used, Optional<FsStats> fs) {
        return new FsUsage(now, used.bytes(), used.inodes(), fs);
    }
}
