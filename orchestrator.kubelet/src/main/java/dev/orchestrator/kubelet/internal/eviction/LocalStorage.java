package dev.orchestrator.kubelet.internal.eviction;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The local ephemeral storage of a pod on this node, measured when it matters (a pod with storage
 * limits, or disk pressure): each container's log files, and its local volumes on the node's disk —
 * emptyDirs not backed by memory, and configMap volumes. Secret, downwardAPI and projected volumes
 * and memory emptyDirs are tmpfs and count as memory. A container's writable layer is the runtime's
 * and not known here.
 */
public final class LocalStorage {

    private final BiFunction<String, String, Path> volumeDir;
    private final Function<Pod, Path> logDir;

    /**
     * @param volumeDir where a pod's (uid) volume (name) lives
     * @param logDir where a pod's container logs live ({@code <dir>/<container>/<restart>.log})
     */
    public LocalStorage(BiFunction<String, String, Path> volumeDir, Function<Pod, Path> logDir) {
        this.volumeDir = volumeDir;
        this.logDir = logDir;
    }

    /** One volume's directory (any medium). */
    public DiskUsage volume(Pod pod, String name) throws IOException {
        return DiskUsage.of(volumeDir.apply(pod.getMetadata().getUid(), name));
    }

    /** Each app and init container's logs, by container name. */
    public Map<String, DiskUsage> containerLogs(Pod pod) throws IOException {
        Map<String, DiskUsage> logs = new LinkedHashMap<>();
        Path dir = logDir.apply(pod);
        for (Container c : pod.getSpec().getInitContainers()) {
            logs.put(c.getName(), DiskUsage.of(dir.resolve(c.getName())));
        }
        for (Container c : pod.getSpec().getContainers()) {
            logs.put(c.getName(), DiskUsage.of(dir.resolve(c.getName())));
        }
        return logs;
    }

    /** The pod's volumes that live on the node's disk. */
    public DiskUsage diskVolumes(Pod pod) throws IOException {
        DiskUsage total = DiskUsage.NONE;
        for (Volume v : pod.getSpec().getVolumes()) {
            if (onDisk(v)) {
                total = total.plus(volume(pod, v.getName()));
            }
        }
        return total;
    }

    /** Whether a volume's files live on the node's disk: emptyDirs not in memory, and configMap volumes. */
    public static boolean onDisk(Volume v) {
        return v.getEmptyDir() != null && !"Memory".equals(v.getEmptyDir().getMedium()) || v.getConfigMap() != null;
    }

    /** Everything the pod holds on the node's disk: its logs and its disk volumes. */
    public DiskUsage total(Pod pod) throws IOException {
        DiskUsage total = diskVolumes(pod);
        for (DiskUsage logs : containerLogs(pod).values()) {
            total = total.plus(logs);
        }
        return total;
    }
}
