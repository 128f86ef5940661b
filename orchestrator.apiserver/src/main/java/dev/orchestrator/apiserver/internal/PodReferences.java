package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.authz.NodeAuthorizer;

/**
 * The node authorizer's graph, read from the store: the pods of a namespace bound to a node, and whether one of
 * them refers to a Secret, ConfigMap, PersistentVolumeClaim or ServiceAccount (volumes, projections, environment,
 * image pull secrets). One scan of the namespace's pods per question, stopping at the first that refers: kubelets
 * ask when they set up a pod's volumes and environment.
 */
final class PodReferences implements NodeAuthorizer.NodeGraph {

    private final ObjectStorage storage;
    private final ResourceType pods;

    PodReferences(ObjectStorage storage, ResourceRegistry registry) {
        this.storage = storage;
        this.pods = registry.find("", "v1", "pods").orElseThrow();
    }

    @Override
    public boolean referencedByPodOn(String node, String namespace, String resource, String name) {
        return !storage.list(pods, namespace, 0, 1, null, (ObjectNode pod) ->
                node.equals(pod.path("spec").path("nodeName").asText()) && refers(pod.path("spec"), resource, name))
                .items().isEmpty();
    }

    static boolean refers(JsonNode spec, String resource, String name) {
        return switch (resource) {
            case "serviceaccounts" -> name.equals(spec.path("serviceAccountName").asText("").isEmpty()
                    ? "default" : spec.path("serviceAccountName").asText());
            case "persistentvolumeclaims" -> anyVolume(spec, v -> name.equals(v.path("persistentVolumeClaim").path("claimName").asText(null)));
            case "secrets" -> spec.path("imagePullSecrets").findValuesAsText("name").contains(name)
                    || anyVolume(spec, v -> name.equals(v.path("secret").path("secretName").asText(null))
                            || projects(v, "secret", name))
                    || anyContainerRef(spec, "secretKeyRef", "secretRef", name);
            case "configmaps" -> anyVolume(spec, v -> name.equals(v.path("configMap").path("name").asText(null))
                    || projects(v, "configMap", name))
                    || anyContainerRef(spec, "configMapKeyRef", "configMapRef", name);
            default -> false;
        };
    }

    private static boolean anyVolume(JsonNode spec, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode volume : spec.path("volumes")) {
            if (test.test(volume)) {
                return true;
            }
        }
        return false;
    }

    private static boolean projects(JsonNode volume, String kind, String name) {
        for (JsonNode source : volume.path("projected").path("sources")) {
            if (name.equals(source.path(kind).path("name").asText(null))) {
                return true;
            }
        }
        return false;
    }

    /** env[].valueFrom.&lt;keyRef&gt;.name or envFrom[].&lt;ref&gt;.name of any container, init or ephemeral. */
    private static boolean anyContainerRef(JsonNode spec, String keyRef, String fromRef, String name) {
        for (String list : new String[] {"initContainers", "containers", "ephemeralContainers"}) {
            for (JsonNode container : spec.path(list)) {
                for (JsonNode env : container.path("env")) {
                    if (name.equals(env.path("valueFrom").path(keyRef).path("name").asText(null))) {
                        return true;
                    }
                }
                for (JsonNode from : container.path("envFrom")) {
                    if (name.equals(from.path(fromRef).path("name").asText(null))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
