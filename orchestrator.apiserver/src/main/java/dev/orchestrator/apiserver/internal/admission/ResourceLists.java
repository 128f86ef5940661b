package dev.orchestrator.apiserver.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.Quantity;
import dev.orchestrator.support.quota.PodResources;
import dev.orchestrator.support.quota.Quantities;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading and summing Kubernetes resource lists ({@code requests}, {@code limits}, a quota's {@code hard}) of
 * pods, as the resource plugins need them. Quantities are parsed by the API server's one parser; an amount
 * that does not parse counts as 0 (validation refused such a pod already).
 */
final class ResourceLists {

    private ResourceLists() {
    }

    static Map<String, JsonNode> fields(JsonNode list) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        list.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        return fields;
    }

    static BigDecimal amount(JsonNode quantity) {
        return Quantity.of(quantity).orElse(BigDecimal.ZERO);
    }

    static int compare(JsonNode a, JsonNode b) {
        return amount(a).compareTo(amount(b));
    }

    /** The quantity as written ({@code 500m}, {@code 1Gi}). */
    static String text(JsonNode quantity) {
        return quantity == null ? "" : quantity.asText();
    }

    /** Containers and init containers of a pod, in place. */
    static List<ObjectNode> containers(ObjectNode pod) {
        List<ObjectNode> all = new ArrayList<>();
        for (String field : List.of("initContainers", "containers")) {
            for (JsonNode c : pod.path("spec").path(field)) {
                if (c instanceof ObjectNode o) {
                    all.add(o);
                }
            }
        }
        return all;
    }

    static ObjectNode object(ObjectNode parent, String field) {
        JsonNode child = parent.get(field);
        if (child instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(field);
    }

    /** Removes the empty {@code requests}/{@code limits}/{@code resources} that reading them with {@link #object} left. */
    static void dropEmpty(ObjectNode container) {
        JsonNode resources = container.get("resources");
        if (resources instanceof ObjectNode r) {
            for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
                if (it.next().getValue().isEmpty()) {
                    it.remove();
                }
            }
        }
    }

    /** A pod's effective requests or limits ({@link PodResources}) as a resource list. */
    static ObjectNode podTotal(JsonNode pod, String which) {
        ObjectNode total = JsonNodeFactory.instance.objectNode();
        PodResources.total(pod, which).forEach((k, v) -> total.put(k, Quantities.format(k, v)));
        return total;
    }
}
