package dev.orchestrator.apiserver.internal.encryption;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of a rule's {@code resources} as Kubernetes writes them: {@code secrets} (the core group),
 * {@code deployments.apps}, {@code widgets.example.com}, {@code *.apps} (every resource of a group), {@code *.}
 * (every resource of the core group) or {@code *.*} (everything), matched against store keys
 * ({@code /registry/secrets/ns/name}, {@code /registry/apps/deployments/ns/name}).
 *
 * @param resource the plural resource name, or {@code *}
 * @param group    the API group ({@code ""}: core), or {@code *}
 */
record ResourcePattern(String resource, String group) {

    static final String WILDCARD = "*";
    private static final String REGISTRY = "/registry/";
    /**
     * The groups whose names have no dot: a store key's first segment names a group when it has a dot (every
     * custom resource's group has one) or is one of these; otherwise it is a resource of the core group.
     */
    private static final Set<String> GROUPS_WITHOUT_DOT = Set.of("apps", "batch", "autoscaling", "policy", "extensions");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern GROUP = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    /** @throws IllegalArgumentException saying what is wrong with {@code text} */
    static ResourcePattern parse(String text) {
        int dot = text.indexOf('.');
        String resource = dot < 0 ? text : text.substring(0, dot);
        String group = dot < 0 ? "" : text.substring(dot + 1);
        if (resource.equals(WILDCARD)) {
            if (dot < 0) {
                throw new IllegalArgumentException("\"*\" is not a resource: use \"*.*\" for every resource or "
                        + "\"*.<group>\" for the resources of one group (\"*.\" for the core group)");
            }
            if (!group.equals(WILDCARD) && !group.isEmpty() && !GROUP.matcher(group).matches()) {
                throw new IllegalArgumentException("\"" + text + "\" does not name an API group after \"*.\"");
            }
            return new ResourcePattern(WILDCARD, group);
        }
        if (!NAME.matcher(resource).matches() || (dot >= 0 && !GROUP.matcher(group).matches())) {
            throw new IllegalArgumentException("\"" + text + "\" is not a resource: expected a lower-case plural "
                    + "name, with \".<group>\" unless it is in the core group (secrets, deployments.apps, *.apps, *.*)");
        }
        return new ResourcePattern(resource, group);
    }

    /** Whether the object stored under {@code storeKey} is one of these resources. */
    boolean matches(String storeKey) {
        return stored(storeKey).filter(this::covers).isPresent();
    }

    /** Whether every resource that {@code other} names is also one of this pattern's. */
    boolean covers(ResourcePattern other) {
        boolean groupCovered = group.equals(WILDCARD) || group.equals(other.group);
        boolean resourceCovered = resource.equals(WILDCARD) || resource.equals(other.resource);
        return groupCovered && resourceCovered;
    }

    /** The group and resource a store key belongs to; empty for keys outside {@code /registry/}. */
    static Optional<ResourcePattern> stored(String storeKey) {
        if (!storeKey.startsWith(REGISTRY)) {
            return Optional.empty();
        }
        String[] segments = storeKey.substring(REGISTRY.length()).split("/", 3);
        String first = segments[0];
        if ((first.contains(".") || GROUPS_WITHOUT_DOT.contains(first)) && segments.length > 1) {
            return Optional.of(new ResourcePattern(segments[1], first));
        }
        return Optional.of(new ResourcePattern(first, ""));
    }

    @Override
    public String toString() {
        return resource + (group.isEmpty() && !resource.equals(WILDCARD) ? "" : "." + group);
    }
}
