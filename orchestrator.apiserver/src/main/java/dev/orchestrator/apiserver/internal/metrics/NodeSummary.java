package dev.orchestrator.apiserver.internal.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one kubelet's Summary API ({@code GET /stats/summary}) says of CPU and memory, kept only where a rate is
 * known: the node's usage, and each pod whose every container has a CPU rate (a container sampled once has none
 * yet; metrics-server likewise leaves out a pod until all its containers have one). Immutable.
 *
 * @param node the node's usage, empty until the kubelet has a CPU rate for it
 * @param pods the pods with usage, by {@code namespace/name}
 */
public record NodeSummary(Optional<Usage> node, Map<String, PodUsage> pods) {

    /** CPU as a rate (nano-cores over the kubelet's sampling window) and memory working set, at {@code time}. */
    public record Usage(Instant time, long cpuNanoCores, long memoryBytes) {
    }

    public record ContainerUsage(String name, Usage usage) {
    }

    /** A pod's containers' usage; {@code time} is the earliest of theirs, as metrics-server reports a pod. */
    public record PodUsage(String namespace, String name, String uid, Instant time, List<ContainerUsage> containers) {
    }

    public NodeSummary {
        pods = Map.copyOf(pods);
    }

    /** Reads a summary; parts that are missing, malformed or without a CPU rate are left out, never an error. */
    public static NodeSummary from(JsonNode summary) {
        Map<String, PodUsage> pods = new LinkedHashMap<>();
        for (JsonNode pod : summary.path("pods")) {
            podUsage(pod).ifPresent(p -> pods.put(p.namespace() + "/" + p.name(), p));
        }
        return new NodeSummary(usage(summary.path("node")), pods);
    }

    public Optional<PodUsage> pod(String namespace, String name) {
        return Optional.ofNullable(pods.get(namespace + "/" + name));
    }

    private static Optional<PodUsage> podUsage(JsonNode pod) {
        JsonNode ref = pod.path("podRef");
        String name = ref.path("name").asText("");
        String namespace = ref.path("namespace").asText("");
        if (name.isEmpty() || namespace.isEmpty() || pod.path("containers").isEmpty()) {
            return Optional.empty();
        }
        List<ContainerUsage> containers = new ArrayList<>();
        for (JsonNode c : pod.path("containers")) {
            Optional<Usage> usage = usage(c);
            String containerName = c.path("name").asText("");
            if (usage.isEmpty() || containerName.isEmpty()) {
                return Optional.empty();
            }
            containers.add(new ContainerUsage(containerName, usage.get()));
        }
        containers.sort(Comparator.comparing(ContainerUsage::name));
        Instant earliest = containers.stream().map(c -> c.usage().time()).min(Comparator.naturalOrder()).orElseThrow();
        return Optional.of(new PodUsage(namespace, name, ref.path("uid").asText(""), earliest, List.copyOf(containers)));
    }

    /** The usage of a node or container entry: CPU rate, its time, and the memory working set, all required. */
    private static Optional<Usage> usage(JsonNode entry) {
        JsonNode cores = entry.path("cpu").path("usageNanoCores");
        JsonNode memory = entry.path("memory").path("workingSetBytes");
        if (!cores.canConvertToLong() || !memory.canConvertToLong() || cores.asLong() < 0 || memory.asLong() < 0) {
            return Optional.empty();
        }
        try {
            Instant time = Instant.parse(entry.path("cpu").path("time").asText(""));
            return Optional.of(new Usage(time, cores.asLong(), memory.asLong()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
