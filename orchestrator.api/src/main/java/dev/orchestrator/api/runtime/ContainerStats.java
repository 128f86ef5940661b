package dev.orchestrator.api.runtime;

import java.time.Instant;

/**
 * Resource usage of one container at one moment: cumulative CPU time and memory working set.
 * CPU rates are computed by the consumer from two samples.
 */
public record ContainerStats(String containerId, Instant timestamp, long cpuUsageCoreNanoSeconds,
                             long memoryWorkingSetBytes) {
}
