package dev.orchestrator.apiserver.internal;

import java.util.List;

/**
 * The list types of the built-in kinds, from the Kubernetes API types' {@code x-kubernetes-list-type},
 * {@code x-kubernetes-list-map-keys} and {@code patchMergeKey} markers, by the last field names of
 * the path (the same field means the same type wherever the pod template is embedded). Lists not
 * named here are atomic in server-side apply and replaced by strategic merge patch.
 */
final class BuiltinListTypes implements ListTypes {

    static final BuiltinListTypes INSTANCE = new BuiltinListTypes();

    private BuiltinListTypes() {
    }

    @Override
    public ListType listType(ResourceType type, List<String> path) {
        return builtIn(type) ? forPath(path) : ListType.ATOMIC;
    }

    /**
     * The built-in groups: the core group, the unqualified ones (apps, batch, autoscaling, policy) and
     * {@code *.k8s.io}, where custom resources need Kubernetes' approval; other groups are custom
     * resources, whose lists are atomic here (their schema's list types are another {@link ListTypes}).
     */
    static boolean builtIn(ResourceType type) {
        String group = type.group();
        return group.isEmpty() || !group.contains(".") || group.endsWith(".k8s.io");
    }

    /** By field path alone: the strategic merge patch of the built-in kinds reads this. */
    static ListType forPath(List<String> path) {
        String field = path.get(path.size() - 1);
        boolean inContainer = path.contains("containers") || path.contains("initContainers")
                || path.contains("ephemeralContainers");
        return switch (field) {
            case "containers", "initContainers", "ephemeralContainers", "volumes", "imagePullSecrets",
                 "resourceClaims", "schedulingGates" -> ListType.map("name");
            case "env" -> inContainer ? ListType.map("name") : ListType.atomicWithMergeKey("name");
            case "ownerReferences" -> ListType.map("uid");
            case "finalizers" -> path.size() == 2 && path.get(0).equals("metadata") ? ListType.SET : ListType.ATOMIC;
            // keyed by port and protocol (TCP unless given); strategic merge patch keys by the port alone
            case "ports" -> inContainer
                    ? ListType.map("containerPort", "protocol").withDefault("protocol", "TCP")
                    : path.contains("spec") && !path.contains("template")
                    ? ListType.map("port", "protocol").withDefault("protocol", "TCP") : ListType.atomicWithMergeKey("port");
            case "volumeMounts" -> inContainer ? ListType.map("mountPath") : ListType.atomicWithMergeKey("mountPath");
            case "volumeDevices" -> ListType.map("devicePath");
            case "conditions" -> ListType.map("type");
            case "hostAliases" -> ListType.map("ip");
            case "topologySpreadConstraints" -> ListType.map("topologyKey", "whenUnsatisfiable")
                    .withMergeKey("topologyKey");
            case "readinessGates" -> ListType.atomicWithMergeKey("conditionType");
            case "taints" -> ListType.atomicWithMergeKey("key");
            case "addresses" -> path.contains("status") ? ListType.atomicWithMergeKey("type") : ListType.ATOMIC;
            case "podIPs", "hostIPs" -> ListType.map("ip");
            default -> ListType.ATOMIC;
        };
    }

    /** Label selectors are atomic structs ({@code +structType=atomic}); so is a Service's selector map. */
    @Override
    public boolean atomicObject(ResourceType type, List<String> path) {
        if (!builtIn(type)) {
            return false;
        }
        String field = path.get(path.size() - 1);
        return field.equals("selector") || field.equals("labelSelector") || field.equals("namespaceSelector");
    }
}
