package dev.orchestrator.apiserver.internal.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code metrics.k8s.io/v1beta1} objects from a kubelet's usage and the Node or Pod they describe, shaped as
 * metrics-server serves them: metadata with the object's name (and namespace) and labels and a creation time of
 * now (they are computed, not stored), the sample's {@code timestamp}, the {@code window} its CPU rate spans, and
 * CPU and memory quantities.
 */
public final class MetricsObjects {

    public static final String GROUP = "metrics.k8s.io";
    public static final String API_VERSION = GROUP + "/v1beta1";

    private MetricsObjects() {
    }

    /** A NodeMetrics of {@code node} (a Node object). */
    public static ObjectNode nodeMetrics(JsonNode node, NodeSummary.Usage usage, Duration window, Instant now) {
        ObjectNode o = object("NodeMetrics", node, false, now);
        sample(o, usage.time(), window);
        usage(o.putObject("usage"), usage);
        return o;
    }

    /** A PodMetrics of {@code pod} (a Pod object), one entry per container. */
    public static ObjectNode podMetrics(JsonNode pod, NodeSummary.PodUsage usage, Duration window, Instant now) {
        ObjectNode o = object("PodMetrics", pod, true, now);
        sample(o, usage.time(), window);
        ArrayNode containers = o.putArray("containers");
        for (NodeSummary.ContainerUsage c : usage.containers()) {
            ObjectNode container = containers.addObject();
            container.put("name", c.name());
            usage(container.putObject("usage"), c.usage());
        }
        return o;
    }

    private static ObjectNode object(String kind, JsonNode source, boolean namespaced, Instant now) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("kind", kind);
        o.put("apiVersion", API_VERSION);
        ObjectNode metadata = o.putObject("metadata");
        JsonNode sourceMetadata = source.path("metadata");
        metadata.put("name", sourceMetadata.path("name").asText());
        if (namespaced) {
            metadata.put("namespace", sourceMetadata.path("namespace").asText());
        }
        metadata.put("creationTimestamp", time(now));
        if (sourceMetadata.path("labels").isObject() && !sourceMetadata.path("labels").isEmpty()) {
            metadata.set("labels", sourceMetadata.path("labels").deepCopy());
        }
        return o;
    }

    private static void sample(ObjectNode o, Instant time, Duration window) {
        o.put("timestamp", time(time));
        o.put("window", UsageQuantities.goDuration(window));
    }

    private static void usage(ObjectNode target, NodeSummary.Usage usage) {
        target.put("cpu", UsageQuantities.cpu(usage.cpuNanoCores()));
        target.put("memory", UsageQuantities.memory(usage.memoryBytes()));
    }

    /** RFC 3339 to the second, as Kubernetes writes {@code metav1.Time}. */
    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
