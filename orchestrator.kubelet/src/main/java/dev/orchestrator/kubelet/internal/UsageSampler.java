package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ContainerStats;
import dev.orchestrator.api.runtime.ContainerStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cAdvisor role: samples the node's and its running containers' CPU time and memory working set at a
 * fixed period and keeps the latest sample with the CPU rates since the one before, which the kubelet's
 * Summary API and resource metrics serve, and the eviction monitor reads. One sample costs one container
 * list and one stats call per runtime, and what the {@link StorageNetworkSampler} measures (network counters and
 * file systems; nothing on hollow nodes).
 */
final class UsageSampler {

    private final Supplier<List<ContainerRuntime>> runtimes;
    private final String node;
    private final NodeUsageReader machine;
    private final StorageNetworkSampler storageNetwork;
    private final Clock clock;
    private volatile UsageSample latest;

    UsageSampler(Supplier<List<ContainerRuntime>> runtimes, String node, NodeUsageReader machine,
                 StorageNetworkSampler storageNetwork, Clock clock) {
        this.runtimes = runtimes;
        this.node = node;
        this.machine = machine;
        this.storageNetwork = storageNetwork;
        this.clock = clock;
        this.latest = new UsageSample(CpuMemoryUsage.first(clock.instant(), 0, 0), Map.of());
    }

    /** The latest sample (a first one has no CPU rates yet). */
    UsageSample latest() {
        return latest;
    }

    /**
     * The latest sample if it is younger than {@code maxAge}, else a new one (the eviction monitor
     * needs fresh memory figures; sampling in between shortens the window of the next CPU rate).
     */
    synchronized UsageSample fresh(java.time.Duration maxAge) {
        UsageSample last = latest;
        if (java.time.Duration.between(last.node().time(), clock.instant()).compareTo(maxAge) < 0) {
            return last;
        }
        sample();
        return latest;
    }

    synchronized void sample() {
        UsageSample before = latest;
        Instant now = clock.instant();
        long nodeCpu = machine.cpuNanoSeconds();
        long nodeMemory = machine.memoryWorkingSetBytes();
        CpuMemoryUsage nodeUsage = nodeCpu < 0 ? CpuMemoryUsage.first(now, 0, Math.max(0, nodeMemory))
                : CpuMemoryUsage.after(before.node(), now, nodeCpu, Math.max(0, nodeMemory));
        List<ContainerRuntime> all = runtimes.get();
        UsageSample cpuAndMemory = new UsageSample(nodeUsage, containers(all, before));
        latest = new UsageSample(nodeUsage, cpuAndMemory.containers(),
                storageNetwork.sample(now, all, cpuAndMemory.pods()));
    }

    private Map<String, UsageSample.ContainerUsage> containers(List<ContainerRuntime> all, UsageSample before) {
        Map<String, UsageSample.ContainerUsage> result = new HashMap<>();
        for (ContainerRuntime rt : all) {
            containers(rt, before, result);
        }
        return Map.copyOf(result);
    }

    private void containers(ContainerRuntime rt, UsageSample before, Map<String, UsageSample.ContainerUsage> result) {
        List<ContainerStatus> running;
        List<ContainerStats> stats;
        try {
            running = rt.containers().list(Optional.empty(), Map.of(RuntimeLabels.NODE, node));
            stats = rt.containers().stats();
        } catch (ContainerRuntimeException e) {
            return; // the runtime's health is the node status' concern; no usage until it answers
        }
        Map<String, ContainerStatus> byId = new HashMap<>();
        running.stream().filter(c -> c.state() == ContainerStatus.State.RUNNING).forEach(c -> byId.put(c.id(), c));
        for (ContainerStats s : stats) {
            ContainerStatus c = byId.get(s.containerId());
            String uid = c == null ? null : c.labels().get(RuntimeLabels.POD_UID);
            if (uid == null) {
                continue; // not one of this node's pods' containers (another node of the same runtime)
            }
            UsageSample.ContainerUsage previous = before.containers().get(s.containerId());
            CpuMemoryUsage usage = CpuMemoryUsage.after(previous == null ? null : previous.usage(), s.timestamp(),
                    s.cpuUsageCoreNanoSeconds(), s.memoryWorkingSetBytes());
            result.put(s.containerId(), new UsageSample.ContainerUsage(s.containerId(), uid,
                    c.labels().getOrDefault(RuntimeLabels.POD_NAMESPACE, ""),
                    c.labels().getOrDefault(RuntimeLabels.POD_NAME, ""), c.name(), c.image(),
                    c.startedAt().orElse(c.createdAt()), usage, c.logPath() == null ? "" : c.logPath()));
        }
    }
}
