package dev.orchestrator.kubelet.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kubelet's Summary API ({@code GET /stats/summary}, {@code stats/v1alpha1}) from a usage sample: the
 * node's and every pod's and container's CPU ({@code usageNanoCores}, {@code usageCoreNanoSeconds}) and
 * memory ({@code workingSetBytes}). Network and file system figures are not measured yet and are left out,
 * as the API allows. Built as plain maps, for whichever JSON writer serves it.
 */
final class StatsSummary {

    private StatsSummary() {
    }

    static Map<String, Object> of(String nodeName, Instant nodeStarted, long memoryCapacityBytes, UsageSample sample) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("nodeName", nodeName);
        node.put("startTime", nodeStarted.toString());
        cpuAndMemory(node, sample.node());
        if (memoryCapacityBytes > 0) {
            memory(node).put("availableBytes", Math.max(0, memoryCapacityBytes - sample.node().memoryWorkingSetBytes()));
        }
        List<Object> pods = new ArrayList<>();
        for (UsageSample.PodUsage p : sample.pods()) {
            Map<String, Object> pod = new LinkedHashMap<>();
            pod.put("podRef", Map.of("name", p.name(), "namespace", p.namespace(), "uid", p.uid()));
            pod.put("startTime", p.startedAt().toString());
            List<Object> containers = new ArrayList<>();
            for (UsageSample.ContainerUsage c : p.containers()) {
                Map<String, Object> container = new LinkedHashMap<>();
                container.put("name", c.name());
                container.put("startTime", c.startedAt().toString());
                cpuAndMemory(container, c.usage());
                containers.add(container);
            }
            pod.put("containers", containers);
            cpuAndMemory(pod, p.total());
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
}
