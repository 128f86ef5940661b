package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.metrics.MetricsObjects;
import dev.orchestrator.apiserver.internal.metrics.NodeSummary;
import dev.orchestrator.apiserver.internal.metrics.SummaryCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Get and list of {@code metrics.k8s.io/v1beta1} NodeMetrics and PodMetrics: the Node and Pod objects are
 * selected from the store (label and field selectors match them, as metrics-server matches its listers'
 * objects), their kubelets' summaries come from the {@link SummaryCache}, and whatever has no usage — a node
 * without a kubelet endpoint (hollow nodes), a kubelet that does not answer, a pod not Running or not sampled
 * twice yet — is left out of a list, and is a 404 on a get, worded as metrics-server words it. Never a 5xx for
 * missing usage.
 */
final class MetricsReadings {

    /** Above this many nodes, one list of all nodes costs less than a read of each. */
    private static final int NODE_READS_BEFORE_LIST = 32;

    private final ObjectStorage storage;
    private final ResourceType nodes;
    private final ResourceType pods;
    private final SummaryCache summaries;
    private final Duration window;
    private final Clock clock;

    /** @param window the time the kubelets' CPU rates span (their usage sampling period) */
    MetricsReadings(ObjectStorage storage, ResourceRegistry registry, SummaryCache summaries, Duration window,
                    Clock clock) {
        this.storage = storage;
        this.nodes = registry.find("", "v1", "nodes").orElseThrow();
        this.pods = registry.find("", "v1", "pods").orElseThrow();
        this.summaries = summaries;
        this.window = window;
        this.clock = clock;
    }

    /** One NodeMetrics ({@code namespace} null) or PodMetrics. */
    ObjectNode get(ResourceType type, String namespace, String name) {
        if (type == MetricsTypes.NODES) {
            return storage.get(nodes, null, name).flatMap(n -> nodeMetrics(List.of(n)).stream().findFirst())
                    .orElseThrow(() -> notFound(type, name));
        }
        return storage.get(pods, namespace, name).flatMap(p -> podMetrics(List.of(p)).stream().findFirst())
                .orElseThrow(() -> notFound(type, namespace + "/" + name));
    }

    /** The NodeMetrics or PodMetrics (in {@code namespace}, or all when null) of the objects {@code options} select. */
    List<ObjectNode> list(ResourceType type, String namespace, ListOptions options) {
        if (type == MetricsTypes.NODES) {
            return nodeMetrics(storage.list(nodes, null, 0, 0, null, options::matches).items());
        }
        return podMetrics(storage.list(pods, namespace, 0, 0, null, options::matches).items());
    }

    private List<ObjectNode> nodeMetrics(List<ObjectNode> nodeObjects) {
        Map<String, NodeSummary> answered = summaries.summaries(kubelets(nodeObjects));
        Instant now = clock.instant();
        List<ObjectNode> result = new ArrayList<>();
        for (ObjectNode node : sorted(nodeObjects)) {
            Optional.ofNullable(answered.get(ObjectMeta.name(node))).flatMap(NodeSummary::node)
                    .ifPresent(usage -> result.add(MetricsObjects.nodeMetrics(node, usage, window, now)));
        }
        return result;
    }

    private List<ObjectNode> podMetrics(List<ObjectNode> podObjects) {
        List<ObjectNode> running = podObjects.stream()
                .filter(p -> "Running".equals(p.path("status").path("phase").asText()))
                .filter(p -> !nodeOf(p).isEmpty())
                .toList();
        Set<String> nodeNames = new LinkedHashSet<>();
        running.forEach(p -> nodeNames.add(nodeOf(p)));
        Map<String, NodeSummary> answered = summaries.summaries(kubelets(nodeObjects(nodeNames)));
        Instant now = clock.instant();
        List<ObjectNode> result = new ArrayList<>();
        for (ObjectNode pod : sorted(running)) {
            String uid = pod.path("metadata").path("uid").asText("");
            Optional.ofNullable(answered.get(nodeOf(pod)))
                    .flatMap(s -> s.pod(ObjectMeta.namespace(pod), ObjectMeta.name(pod)))
                    // a pod deleted and made again under its name is another pod: not the old one's usage
                    .filter(u -> u.uid().isEmpty() || uid.isEmpty() || u.uid().equals(uid))
                    .ifPresent(usage -> result.add(MetricsObjects.podMetrics(pod, usage, window, now)));
        }
        return result;
    }

    private List<ObjectNode> nodeObjects(Set<String> names) {
        if (names.size() > NODE_READS_BEFORE_LIST) {
            return storage.list(nodes, null, 0, 0, null, n -> names.contains(ObjectMeta.name(n))).items();
        }
        List<ObjectNode> found = new ArrayList<>();
        names.forEach(n -> storage.get(nodes, null, n).ifPresent(found::add));
        return found;
    }

    /** Each node's kubelet {@code host:port}, for those that publish one. */
    private static Map<String, String> kubelets(List<ObjectNode> nodeObjects) {
        Map<String, String> uris = new LinkedHashMap<>();
        for (ObjectNode node : nodeObjects) {
            KubeletLocation.of(node).ifPresent(uri -> uris.put(ObjectMeta.name(node), uri));
        }
        return uris;
    }

    private static String nodeOf(ObjectNode pod) {
        return pod.path("spec").path("nodeName").asText("");
    }

    /** By namespace, then name: the order of the Kubernetes API's lists, which metrics-server keeps too. */
    private static List<ObjectNode> sorted(List<ObjectNode> objects) {
        return objects.stream().sorted(Comparator.comparing((ObjectNode o) -> ObjectMeta.namespace(o) == null ? ""
                : ObjectMeta.namespace(o)).thenComparing(ObjectMeta::name)).toList();
    }

    private static ApiException notFound(ResourceType type, String name) {
        return ApiException.notFound(type.group(), MetricsTypes.errorResource(type), name);
    }
}
