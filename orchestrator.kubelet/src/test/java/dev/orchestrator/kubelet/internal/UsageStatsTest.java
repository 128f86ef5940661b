package dev.orchestrator.kubelet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.kubelet.internal.eviction.FsStats;
import dev.orchestrator.kubelet.internal.stats.FsUsage;
import dev.orchestrator.kubelet.internal.stats.InterfaceStats;
import dev.orchestrator.kubelet.internal.stats.NetworkUsage;
import dev.orchestrator.kubelet.internal.stats.PodNetworks;
import dev.orchestrator.kubelet.internal.stats.PodStorage;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageStatsTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void aRateNeedsTwoReadingsAndIsCpuTimeOverWallTime() {
        CpuMemoryUsage first = CpuMemoryUsage.first(T0, 5_000_000_000L, 100);
        assertTrue(first.cpuNanoCores().isEmpty());
        // half a core for 10 s: 5 s of CPU time
        CpuMemoryUsage second = CpuMemoryUsage.after(first, T0.plusSeconds(10), 10_000_000_000L, 200);
        assertEquals(OptionalLong.of(500_000_000L), second.cpuNanoCores());
        assertEquals(200, second.memoryWorkingSetBytes());
    }

    @Test
    void aCounterThatWentBackOrNoElapsedTimeGivesNoRate() {
        CpuMemoryUsage first = CpuMemoryUsage.first(T0, 5_000_000_000L, 0);
        assertTrue(CpuMemoryUsage.after(first, T0.plusSeconds(10), 1_000, 0).cpuNanoCores().isEmpty());
        assertTrue(CpuMemoryUsage.after(first, T0, 6_000_000_000L, 0).cpuNanoCores().isEmpty());
    }

    @Test
    void aPodIsTheSumOfItsContainersAndHasARateOnlyWhenAllDo() {
        CpuMemoryUsage a = new CpuMemoryUsage(T0, 10, OptionalLong.of(3), 100);
        CpuMemoryUsage b = new CpuMemoryUsage(T0.plusSeconds(1), 20, OptionalLong.of(4), 50);
        CpuMemoryUsage sum = CpuMemoryUsage.sum(List.of(a, b));
        assertEquals(30, sum.cpuCoreNanoSeconds());
        assertEquals(OptionalLong.of(7), sum.cpuNanoCores());
        assertEquals(150, sum.memoryWorkingSetBytes());
        assertEquals(T0.plusSeconds(1), sum.time());
        CpuMemoryUsage unrated = CpuMemoryUsage.first(T0, 1, 1);
        assertTrue(CpuMemoryUsage.sum(List.of(a, unrated)).cpuNanoCores().isEmpty());
    }

    @Test
    void procStatCountsEveryStateButIdleAndIowait(@TempDir Path proc) throws IOException {
        // user nice system idle iowait irq softirq steal guest guest_nice
        Files.writeString(proc.resolve("stat"), "cpu  100 2 30 5000 70 1 4 3 0 0\ncpu0 1 1 1 1 1 1 1 1 0 0\n");
        assertEquals((100 + 2 + 30 + 1 + 4 + 3) * 10_000_000L, new NodeUsageReader(proc).cpuNanoSeconds());
        assertEquals(-1, new NodeUsageReader(proc.resolve("missing")).cpuNanoSeconds());
    }

    @Test
    void theNodeWorkingSetIsTotalLessAvailable() {
        assertEquals((1000 - 400) * 1024L, NodeUsageReader.workingSet(List.of("MemTotal:        1000 kB",
                "MemFree:          100 kB", "MemAvailable:     400 kB")));
        assertEquals(-1, NodeUsageReader.workingSet(List.of("MemTotal: 1000 kB")));
    }

    @Test
    void theSummaryHasTheNodeAndEveryPodWithItsContainers() {
        CpuMemoryUsage busy = new CpuMemoryUsage(T0, 9_000_000_000L, OptionalLong.of(900_000_000L), 4096);
        CpuMemoryUsage idle = new CpuMemoryUsage(T0, 1_000, OptionalLong.of(0), 1024);
        UsageSample sample = new UsageSample(new CpuMemoryUsage(T0, 50, OptionalLong.of(1_000_000_000L), 8192),
                Map.of("c1", new UsageSample.ContainerUsage("c1", "u1", "default", "web", "main", "busybox", T0, busy, ""),
                        "c2", new UsageSample.ContainerUsage("c2", "u1", "default", "web", "side", "busybox", T0, idle, ""),
                        "c3", new UsageSample.ContainerUsage("c3", "u2", "kube-system", "dns", "dns", "x", T0, idle, "")));
        var summary = new KubernetesSerialization().convertValue(StatsSummary.of("n1", T0, 16384, sample),
                tools.jackson.databind.JsonNode.class);
        assertEquals("n1", summary.at("/node/nodeName").asText());
        assertEquals(1_000_000_000L, summary.at("/node/cpu/usageNanoCores").asLong());
        assertEquals(8192, summary.at("/node/memory/workingSetBytes").asLong());
        assertEquals(8192, summary.at("/node/memory/availableBytes").asLong());
        assertEquals(2, summary.get("pods").size());
        var web = summary.get("pods").get(0);
        assertEquals("web", web.at("/podRef/name").asText());
        assertEquals("u1", web.at("/podRef/uid").asText());
        assertEquals(900_000_000L, web.at("/cpu/usageNanoCores").asLong());
        assertEquals(5120, web.at("/memory/workingSetBytes").asLong());
        assertEquals("main", web.at("/containers/0/name").asText());
        assertEquals("side", web.at("/containers/1/name").asText());

        String text = ResourceMetricsText.resource(sample);
        assertTrue(text.contains("container_cpu_usage_seconds_total{container=\"main\",namespace=\"default\",pod=\"web\"} "
                + "9.000000000 " + T0.toEpochMilli()), text);
        assertTrue(text.contains("pod_memory_working_set_bytes{namespace=\"kube-system\",pod=\"dns\"} 1024 "), text);
        assertTrue(text.contains("# TYPE node_cpu_usage_seconds_total counter"), text);
        assertFalse(text.contains("image="), "image and id only in /metrics/cadvisor");
        assertTrue(ResourceMetricsText.cadvisor(sample).contains("id=\"c3\",image=\"x\""));
    }

    @Test
    void networkAndFileSystemsReachTheSummaryAndTheCadvisorMetrics() {
        CpuMemoryUsage usage = new CpuMemoryUsage(T0, 1_000, OptionalLong.of(0), 1024);
        FsStats nodeFs = new FsStats(100_000, 40_000, 500, 200, 55_000);
        InterfaceStats eth0 = new InterfaceStats("eth0", 4_200_000, 1, 9_000, 2);
        StorageNetworkSample more = new StorageNetworkSample(
                Optional.of(new NetworkUsage(T0, "orch252", List.of(new InterfaceStats("orch252", 10, 0, 20, 0),
                        new InterfaceStats("ens3", 30, 0, 40, 0)))),
                Optional.of(FsUsage.of(T0, nodeFs)), "/dev/sda1",
                Map.of("u1", new PodNetworks.PodNetwork("sb1", new NetworkUsage(T0, "eth0", List.of(eth0)))),
                Map.of("u1", new PodStorage(new FsUsage(T0, 3_200_000, 9, Optional.of(nodeFs)),
                        Map.of("scratch", new FsUsage(T0, 3_145_728, 2, Optional.of(nodeFs))),
                        Map.of("main", new FsUsage(T0, 4096, 3, Optional.of(nodeFs))))));
        UsageSample sample = new UsageSample(usage, Map.of("c1", new UsageSample.ContainerUsage("c1", "u1", "default",
                "web", "main", "busybox", T0, usage, "/logs/0.log")), more);

        var summary = new KubernetesSerialization().convertValue(StatsSummary.of("n1", T0, 16384, sample),
                tools.jackson.databind.JsonNode.class);
        assertEquals("orch252", summary.at("/node/network/name").asText());
        assertEquals(10, summary.at("/node/network/rxBytes").asLong());
        assertEquals("ens3", summary.at("/node/network/interfaces/1/name").asText());
        assertEquals(100_000, summary.at("/node/fs/capacityBytes").asLong());
        assertEquals(40_000, summary.at("/node/fs/availableBytes").asLong());
        assertEquals(55_000, summary.at("/node/fs/usedBytes").asLong());
        assertEquals(300, summary.at("/node/fs/inodesUsed").asLong());
        assertEquals(200, summary.at("/node/fs/inodesFree").asLong());
        var pod = summary.at("/pods/0");
        assertEquals("eth0", pod.at("/network/name").asText());
        assertEquals(4_200_000, pod.at("/network/rxBytes").asLong());
        assertEquals(1, pod.at("/network/rxErrors").asLong());
        assertEquals(9_000, pod.at("/network/txBytes").asLong());
        assertEquals(2, pod.at("/network/txErrors").asLong());
        assertEquals(T0.toString(), pod.at("/network/time").asText());
        assertEquals("scratch", pod.at("/volume/0/name").asText());
        assertEquals(3_145_728, pod.at("/volume/0/usedBytes").asLong());
        assertEquals(40_000, pod.at("/volume/0/availableBytes").asLong());
        assertEquals(3_200_000, pod.at("/ephemeral-storage/usedBytes").asLong());
        assertEquals(4096, pod.at("/containers/0/logs/usedBytes").asLong());
        assertTrue(pod.at("/containers/0/rootfs").isMissingNode(), "the runtime SPI has no writable layer figure");

        String text = ResourceMetricsText.cadvisor(sample);
        long at = T0.toEpochMilli();
        assertTrue(text.contains("# TYPE container_network_receive_bytes_total counter"), text);
        assertTrue(text.contains("container_network_receive_bytes_total{container=\"POD\",namespace=\"default\","
                + "pod=\"web\",id=\"sb1\",image=\"\",interface=\"eth0\"} 4200000 " + at), text);
        assertTrue(text.contains("container_network_transmit_bytes_total{container=\"\",namespace=\"\",pod=\"\","
                + "id=\"/\",image=\"\",interface=\"ens3\"} 40 " + at), text);
        assertTrue(text.contains("container_network_transmit_errors_total{container=\"POD\",namespace=\"default\","
                + "pod=\"web\",id=\"sb1\",image=\"\",interface=\"eth0\"} 2 " + at), text);
        assertTrue(text.contains("container_fs_usage_bytes{container=\"\",namespace=\"\",pod=\"\",id=\"/\","
                + "image=\"\",device=\"/dev/sda1\"} 55000 " + at), text);
        assertTrue(text.contains("container_fs_usage_bytes{container=\"main\",namespace=\"default\",pod=\"web\","
                + "id=\"c1\",image=\"busybox\",device=\"/dev/sda1\"} 4096 " + at), text);
        assertTrue(text.contains("container_fs_limit_bytes{container=\"\",namespace=\"\",pod=\"\",id=\"/\","
                + "image=\"\",device=\"/dev/sda1\"} 100000 " + at), text);
        assertEquals(1, text.lines().filter(l -> l.equals("# TYPE container_fs_usage_bytes gauge")).count(), text);
        assertFalse(ResourceMetricsText.resource(sample).contains("container_network"), "only in /metrics/cadvisor");
    }

    @Test
    void withNothingMeasuredTheSummaryAndMetricsLeaveNetworkAndFileSystemsOut() {
        CpuMemoryUsage usage = new CpuMemoryUsage(T0, 1_000, OptionalLong.of(0), 1024);
        UsageSample sample = new UsageSample(usage, Map.of("c1", new UsageSample.ContainerUsage("c1", "u1", "default",
                "web", "main", "busybox", T0, usage, "")));
        var summary = new KubernetesSerialization().convertValue(StatsSummary.of("n1", T0, 0, sample),
                tools.jackson.databind.JsonNode.class);
        assertTrue(summary.at("/node/network").isMissingNode());
        assertTrue(summary.at("/node/fs").isMissingNode());
        assertTrue(summary.at("/pods/0/network").isMissingNode());
        assertTrue(summary.at("/pods/0/ephemeral-storage").isMissingNode());
        assertTrue(summary.at("/pods/0/containers/0/logs").isMissingNode());
        String text = ResourceMetricsText.cadvisor(sample);
        assertFalse(text.contains("container_network") || text.contains("container_fs"), text);
    }
}
