package dev.orchestrator.apiserver.internal.monitoring;

import java.util.Set;

/**
 * The resource a store key belongs to, written as Kubernetes writes a group-resource: {@code pods} for
 * {@code /registry/pods/ns/name}, {@code deployments.apps} for {@code /registry/apps/deployments/ns/name}. A key's
 * first segment names a group when it has a dot (every custom resource's group has one) or is one of the groups
 * whose names have none; otherwise it is a resource of the core group.
 */
final class StoreKeys {

    private static final String REGISTRY = "/registry/";
    private static final Set<String> GROUPS_WITHOUT_DOT = Set.of("apps", "batch", "autoscaling", "policy", "extensions");

    private StoreKeys() {
    }

    /** The group-resource of a key or a key prefix; empty for a key outside {@code /registry/}. */
    static String resourceOf(String key) {
        if (key == null || !key.startsWith(REGISTRY)) {
            return "";
        }
        int firstEnd = key.indexOf('/', REGISTRY.length());
        String first = key.substring(REGISTRY.length(), firstEnd < 0 ? key.length() : firstEnd);
        if (firstEnd < 0 || !(first.indexOf('.') >= 0 || GROUPS_WITHOUT_DOT.contains(first))) {
            return first;
        }
        int secondEnd = key.indexOf('/', firstEnd + 1);
        String second = key.substring(firstEnd + 1, secondEnd < 0 ? key.length() : secondEnd);
        return second.isEmpty() ? first : second + "." + first;
    }
}
