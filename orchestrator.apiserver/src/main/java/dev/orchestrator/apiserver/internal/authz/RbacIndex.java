package dev.orchestrator.apiserver.internal.authz;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The RBAC objects the authorizer decides from, kept current by whoever follows the store (an event changes one
 * entry); the indexed {@link RbacPolicy} is rebuilt on the first read after a change, so a burst of events costs
 * one rebuild and decisions in between read an immutable snapshot without locking. Thread-safe.
 */
public final class RbacIndex {

    /** The four kinds, by the plural their resource has. */
    public enum Kind {
        ROLE("roles"), CLUSTER_ROLE("clusterroles"), ROLE_BINDING("rolebindings"),
        CLUSTER_ROLE_BINDING("clusterrolebindings");

        public final String plural;

        Kind(String plural) {
            this.plural = plural;
        }

        public static Kind ofPlural(String plural) {
            for (Kind k : values()) {
                if (k.plural.equals(plural)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("not an RBAC resource: " + plural);
        }
    }

    private final Map<Kind, Map<String, Object>> entries = new ConcurrentHashMap<>();
    private volatile RbacPolicy policy = RbacPolicy.EMPTY;
    private volatile boolean stale;

    public RbacIndex() {
        for (Kind k : Kind.values()) {
            entries.put(k, new ConcurrentHashMap<>());
        }
    }

    /** Adds or replaces the object stored under {@code key}. */
    public void put(Kind kind, String key, JsonNode object) {
        entries.get(kind).put(key, parse(kind, object));
        stale = true;
    }

    public void remove(Kind kind, String key) {
        entries.get(kind).remove(key);
        stale = true;
    }

    /** Replaces every object of a kind (after a fresh list). */
    public void replaceAll(Kind kind, Map<String, ? extends JsonNode> byKey) {
        Map<String, Object> fresh = new HashMap<>();
        byKey.forEach((k, o) -> fresh.put(k, parse(kind, o)));
        Map<String, Object> current = entries.get(kind);
        current.keySet().retainAll(fresh.keySet());
        current.putAll(fresh);
        stale = true;
    }

    /** The current policy, rebuilt if anything changed since the last read. */
    public RbacPolicy policy() {
        if (stale) {
            rebuild();
        }
        return policy;
    }

    private synchronized void rebuild() {
        if (!stale) {
            return;
        }
        stale = false; // set before reading: a change during the rebuild marks it stale again
        Map<String, List<PolicyRule>> clusterRoles = new HashMap<>();
        entries.get(Kind.CLUSTER_ROLE).values().forEach(o -> put(clusterRoles, (NamedRules) o));
        Map<String, List<PolicyRule>> roles = new HashMap<>();
        entries.get(Kind.ROLE).values().forEach(o -> put(roles, (NamedRules) o));
        policy = new RbacPolicy(clusterRoles, roles,
                entries.get(Kind.CLUSTER_ROLE_BINDING).values().stream().map(Binding.class::cast).toList(),
                entries.get(Kind.ROLE_BINDING).values().stream().map(Binding.class::cast).toList());
    }

    private static void put(Map<String, List<PolicyRule>> map, NamedRules role) {
        map.put(role.namespace().isEmpty() ? role.name() : role.namespace() + "/" + role.name(), role.rules());
    }

    private static Object parse(Kind kind, JsonNode object) {
        return switch (kind) {
            case ROLE, CLUSTER_ROLE -> new NamedRules(object.path("metadata").path("namespace").asText(""),
                    object.path("metadata").path("name").asText(""), PolicyRule.allOf(object.path("rules")));
            case ROLE_BINDING, CLUSTER_ROLE_BINDING -> Binding.of(object);
        };
    }

    private record NamedRules(String namespace, String name, List<PolicyRule> rules) {
    }
}
