package dev.orchestrator.kubelet.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One sample of the node's and its containers' usage (containers by runtime id), with the network and file
 * systems of the node and its pods.
 */
record UsageSample(CpuMemoryUsage node, Map<String, ContainerUsage> containers, StorageNetworkSample storageNetwork) {

    /** CPU and memory only. */
    UsageSample(CpuMemoryUsage node, Map<String, ContainerUsage> containers) {
        this(node, containers, StorageNetworkSample.NONE);
    }

    /**
     * One running container's usage, with the pod it belongs to.
     *
     * @param logPath its log file as the runtime reports it ("" when it has none)
     */
    record ContainerUsage(String id, String podUid, String podNamespace, String podName, String name, String image,
                          Instant startedAt, CpuMemoryUsage usage, String logPath) {
    }

    /** A pod's running containers, in a stable order (by name). */
    record PodUsage(String uid, String namespace, String name, List<ContainerUsage> containers) {

        CpuMemoryUsage total() {
            return CpuMemoryUsage.sum(containers.stream().map(ContainerUsage::usage).toList());
        }

        Instant startedAt() {
            return containers.stream().map(ContainerUsage::startedAt).min(Instant::compareTo).orElse(Instant.now());
        }

        /** The log file of each running container that has one, by container name. */
        Map<String, Path> currentLogs() {
            Map<String, Path> logs = new HashMap<>();
            containers.stream().filter(c -> !c.logPath().isEmpty()).forEach(c -> logs.put(c.name(), Path.of(c.logPath())));
            return logs;
        }
    }

    /** The containers grouped by pod, pods by namespace and name. */
    Collection<PodUsage> pods() {
        Map<String, List<ContainerUsage>> byPod = new LinkedHashMap<>();
        containers.values().stream()
                .sorted((a, b) -> (a.podNamespace() + "/" + a.podName() + "/" + a.name())
                        .compareTo(b.podNamespace() + "/" + b.podName() + "/" + b.name()))
                .forEach(c -> byPod.computeIfAbsent(c.podUid(), u -> new ArrayList<>()).add(c));
        List<PodUsage> pods = new ArrayList<>();
        byPod.forEach((uid, list) -> pods.add(new PodUsage(uid, list.get(0).podNamespace(), list.get(0).podName(),
                List.copyOf(list))));
        return pods;
    }
}
