package dev.orchestrator.kubelet.internal;

import dev.orchestrator.kubelet.internal.stats.FsUsage;
import dev.orchestrator.kubelet.internal.stats.InterfaceStats;
import dev.orchestrator.kubelet.internal.stats.NetworkUsage;
import dev.orchestrator.kubelet.internal.stats.PodStorage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kubelet's Summary API ({@code GET /stats/summary}, {@code stats/v1alpha1}) from a usage sample: the
 * node's and every pod's and container's CPU ({@code usageNanoCores}, {@code usageCoreNanoSeconds}) and
 * memory ({@code workingSetBytes}); the node's and pods' {@code network}; the node's root file system
 * ({@code fs}), pods' {@code ephemeral-storage} and emptyDir {@code volume}s, containers' {@code logs}. What was
 * not measured is left out, as the API allows (containers' {@code rootfs}: the runtime SPI has no writable layer
 * figure). Built as plain maps, for whichever JSON writer serves it.
 */
final class StatsSummary {

    private StatsSummary() {
    }

    static Map<String, Object> of(String nodeName, Instant nodeStarted, long memoryCapacityBytes, UsageSample sample) {
        StorageNetworkSample more = sample.storageNetwork();
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("nodeName", nodeName);
        node.put("startTime", nodeStarted.toString());
        cpuAndMemory(node, sample.node());
        if (memoryCapacityBytes > 0) {
            memory(node).put("availableBytes", Math.max(0, memoryCapacityBytes - sample.node().memoryWorkingSetBytes()));
        }
        more.nodeNetwork().ifPresent(n -> node.put("network", network(n)));
        more.nodeFs().ifPresent(fs -> node.put("fs", fs(fs)));
        List<Object> pods = new ArrayList<>();
        for (UsageSample.PodUsage p : sample.pods()) {
            Optional<PodStorage> storage = Optional.ofNullable(more.podStorage().get(p.uid()));
            Map<String, Object> pod = new LinkedHashMap<>();
            pod.put("podRef", Map.of("name", p.name(), "namespace", p.namespace(), "uid", p.uid()));
            pod.put("startTime", p.startedAt().toString());
            List<Object> containers = new ArrayList<>();
            for (UsageSample.ContainerUsage c : p.containers()) {
                Map<String, Object> container = new LinkedHashMap<>();
                container.put("name", c.name());
                container.put("startTime", c.startedAt().toString());
                cpuAndMemory(container, c.usage());
                storage.map(s -> s.logs().get(c.name())).ifPresent(logs -> container.put("logs", fs(logs)));
                containers.add(container);
            }
            pod.put("containers", containers);
            cpuAndMemory(pod, p.total());
            Optional.ofNullable(more.podNetworks().get(p.uid()))
                    .ifPresent(n -> pod.put("network", network(n.usage())));
            storage.ifPresent(s -> {
                if (!s.volumes().isEmpty()) {
                    pod.put("volume", volumes(s));
                }
                pod.put("ephemeral-storage", fs(s.ephemeral()));
            });
            pods.add(pod);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("node", node);
        summary.put("pods", pods);
        return summary;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> memory(Map<String, Object> target) {
        return (Map<String, Object>) target.get("memory");
    }

    private static void cpuAndMemory(Map<String, Object> target, CpuMemoryUsage usage) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("time", usage.time().toString());
        usage.cpuNanoCores().ifPresent(n -> cpu.put("usageNanoCores", n));
        cpu.put("usageCoreNanoSeconds", usage.cpuCoreNanoSeconds());
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("time", usage.time().toString());
        memory.put("workingSetBytes", usage.memoryWorkingSetBytes());
        target.put("cpu", cpu);
        target.put("memory", memory);
    }

    /** {@code NetworkStats}: the default interface's counters inline, then every interface. */
    private static Map<String, Object> network(NetworkUsage n) {
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("time", n.time().toString());
        n.defaultInterface().ifPresent(i -> network.putAll(counters(i)));
        List<Object> interfaces = new ArrayList<>();
        n.interfaces().forEach(i -> interfaces.add(counters(i)));
        network.put("interfaces", interfaces);
        return network;
    }

    private static Map<String, Object> counters(InterfaceStats i) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", i.name());
        c.put("rxBytes", i.rxBytes());
        c.put("rxErrors", i.rxErrors());
        c.put("txBytes", i.txBytes());
        c.put("txErrors", i.txErrors());
        return c;
    }

    private static List<Object> volumes(PodStorage s) {
        List<Object> volumes = new ArrayList<>();
        s.volumes().forEach((name, usage) -> {
            Map<String, Object> volume = fs(usage);
            volume.put("name", name);
            volumes.add(volume);
        });
        return volumes;
    }

    /** {@code FsStats}: the file system's size where it is known, what this uses of it. */
    private static Map<String, Object> fs(FsUsage u) {
        Map<String, Object> fs = new LinkedHashMap<>();
        fs.put("time", u.time().toString());
        u.filesystem().ifPresent(f -> {
            fs.put("availableBytes", f.availableBytes());
            fs.put("capacityBytes", f.capacityBytes());
        });
        fs.put("usedBytes", u.usedBytes());
        u.filesystem().ifPresent(f -> {
            fs.put("inodesFree", f.inodesFree());
            fs.put("inodes", f.inodes());
        });
        fs.put("inodesUsed", u.inodesUsed());
        return fs;
    }
}
