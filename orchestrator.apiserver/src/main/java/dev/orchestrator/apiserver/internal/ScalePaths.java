package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.jsonpath.PrinterPath;
import java.util.List;

/**
 * Where a resource keeps what its {@code autoscaling/v1} Scale shows: desired replicas, current replicas and
 * the pod selector. Built-ins use {@code .spec.replicas}, {@code .status.replicas} and the match labels of
 * {@code .spec.selector}; a custom resource names its paths in {@code subresources.scale}.
 */
record ScalePaths(List<String> specReplicas, List<String> statusReplicas, String labelSelector) {

    static final ScalePaths BUILT_IN = new ScalePaths(List.of("spec", "replicas"), List.of("status", "replicas"), null);

    static ScalePaths of(ResourceType type) {
        if (type.strategy() instanceof CustomResourceStrategy custom && custom.scale() != null) {
            return custom.scale();
        }
        return BUILT_IN;
    }

    /** From a CRD version's {@code subresources.scale} (paths already validated as plain field paths). */
    static ScalePaths ofCrd(JsonNode scale) {
        String selector = scale.path("labelSelectorPath").asText("");
        return new ScalePaths(PrinterPath.parse(scale.path("specReplicasPath").asText()).fields(),
                PrinterPath.parse(scale.path("statusReplicasPath").asText()).fields(), selector.isEmpty() ? null : selector);
    }

    JsonNode specReplicas(JsonNode object) {
        return at(object, specReplicas);
    }

    JsonNode statusReplicas(JsonNode object) {
        return at(object, statusReplicas);
    }

    /** The selector as text: a custom resource's string at labelSelectorPath, a built-in's match labels. */
    String selector(JsonNode object) {
        if (labelSelector == null) {
            if (this != BUILT_IN) {
                return null;
            }
            String text = ResourceRegistry.selectorText(object.path("spec").path("selector").path("matchLabels"));
            return "<none>".equals(text) ? null : text;
        }
        List<JsonNode> found = PrinterPath.parse(labelSelector).find(object);
        return found.isEmpty() || !found.get(0).isTextual() ? null : found.get(0).asText();
    }

    /** Sets the desired replicas, creating the objects on the way. */
    void setSpecReplicas(ObjectNode object, int replicas) {
        ObjectNode parent = object;
        for (String f : specReplicas.subList(0, specReplicas.size() - 1)) {
            parent = Json.objectField(parent, f);
        }
        parent.put(specReplicas.get(specReplicas.size() - 1), replicas);
    }

    private static JsonNode at(JsonNode object, List<String> fields) {
        JsonNode n = object;
        for (String f : fields) {
            n = n.path(f);
        }
        return n;
    }
}
