package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The {@code x-kubernetes-patch-strategy} and {@code x-kubernetes-patch-merge-key} of the lists of a
 * built-in kind's definition, from the same table this server merges strategic patches by
 * ({@link BuiltinListTypes}). A client that computes apply patches from the OpenAPI document (older
 * kubectl from {@code /openapi/v2}) then merges lists by key as the server does, instead of sending
 * whole lists that the server would merge into the old ones (a removed container would stay).
 */
final class OpenApiPatchStrategies {

    private OpenApiPatchStrategies() {
    }

    /** Marks the list properties of one definition, named as in the schemas (e.g. {@code io.k8s.api.Container}). */
    static void annotate(String definition, ObjectNode schema) {
        String kind = definition.substring(definition.lastIndexOf('.') + 1);
        schema.path("properties").fields().forEachRemaining(p -> {
            if (!"array".equals(p.getValue().path("type").asText()) || !(p.getValue() instanceof ObjectNode list)) {
                return;
            }
            ListType type = BuiltinListTypes.forPath(pathOf(kind, p.getKey()));
            if (type.mergeKey() != null) {
                list.put("x-kubernetes-patch-strategy", "merge");
                list.put("x-kubernetes-patch-merge-key", type.mergeKey());
            } else if (type.kind() == ListType.Kind.SET) {
                list.put("x-kubernetes-patch-strategy", "merge");
            }
        });
    }

    /** A field path that puts a definition's field where the server's table expects it. */
    private static List<String> pathOf(String kind, String field) {
        return switch (kind) {
            case "Container", "EphemeralContainer" -> List.of("spec", "containers", field);
            case "ObjectMeta" -> List.of("metadata", field);
            case "ServiceSpec" -> List.of("spec", field);
            default -> kind.endsWith("Status") ? List.of("status", field) : List.of(field);
        };
    }
}
