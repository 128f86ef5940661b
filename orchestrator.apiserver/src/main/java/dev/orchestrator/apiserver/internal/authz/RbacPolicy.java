package dev.orchestrator.apiserver.internal.authz;

import dev.orchestrator.apiserver.internal.auth.UserInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of every role and binding, indexed for decisions: bindings by subject key (cluster-wide,
 * and per namespace), roles by name. A decision looks up only the bindings of the user's name and groups, so
 * its cost grows with what the user is bound to, not with the number of bindings in the cluster.
 */
public final class RbacPolicy {

    /** Receives each rule that applies to a user, with the binding that grants it; returns true to stop. */
    @FunctionalInterface
    public interface RuleVisitor {
        boolean visit(Binding binding, PolicyRule rule);
    }

    public static final RbacPolicy EMPTY = new RbacPolicy(Map.of(), Map.of(), List.of(), List.of());

    private final Map<String, List<PolicyRule>> clusterRoles;
    /** Roles by {@code namespace/name}. */
    private final Map<String, List<PolicyRule>> roles;
    private final Map<String, List<Binding>> clusterBindings = new HashMap<>();
    /** Namespace → subject key → bindings. */
    private final Map<String, Map<String, List<Binding>>> roleBindings = new HashMap<>();

    public RbacPolicy(Map<String, List<PolicyRule>> clusterRoles, Map<String, List<PolicyRule>> roles,
                      Collection<Binding> clusterRoleBindings, Collection<Binding> namespacedBindings) {
        this.clusterRoles = Map.copyOf(clusterRoles);
        this.roles = Map.copyOf(roles);
        for (Binding b : clusterRoleBindings) {
            for (String key : b.subjectKeys()) {
                clusterBindings.computeIfAbsent(key, k -> new ArrayList<>()).add(b);
            }
        }
        for (Binding b : namespacedBindings) {
            Map<String, List<Binding>> bySubject = roleBindings.computeIfAbsent(b.namespace(), k -> new HashMap<>());
            for (String key : b.subjectKeys()) {
                bySubject.computeIfAbsent(key, k -> new ArrayList<>()).add(b);
            }
        }
    }

    /**
     * Visits the rules granted to {@code user} by ClusterRoleBindings and, when {@code namespace} is not empty,
     * by the RoleBindings of that namespace, until the visitor stops. A binding whose role is missing grants nothing.
     *
     * @return true when the visitor stopped
     */
    public boolean visitRules(UserInfo user, String namespace, RuleVisitor visitor) {
        List<String> keys = subjectKeys(user);
        if (visit(clusterBindings, keys, visitor)) {
            return true;
        }
        if (namespace == null || namespace.isEmpty()) {
            return false;
        }
        Map<String, List<Binding>> inNamespace = roleBindings.get(namespace);
        return inNamespace != null && visit(inNamespace, keys, visitor);
    }

    /** The rules of the role a binding refers to (empty when it does not exist). */
    public List<PolicyRule> rulesOf(String roleKind, String roleName, String namespace) {
        List<PolicyRule> rules = "ClusterRole".equals(roleKind) ? clusterRoles.get(roleName)
                : "Role".equals(roleKind) ? roles.get(namespace + "/" + roleName) : null;
        return rules == null ? List.of() : rules;
    }

    /** Whether the role a binding would refer to exists. */
    public boolean roleExists(String roleKind, String roleName, String namespace) {
        return "ClusterRole".equals(roleKind) ? clusterRoles.containsKey(roleName)
                : roles.containsKey(namespace + "/" + roleName);
    }

    private boolean visit(Map<String, List<Binding>> bySubject, List<String> keys, RuleVisitor visitor) {
        for (String key : keys) {
            for (Binding b : bySubject.getOrDefault(key, List.of())) {
                for (PolicyRule rule : rulesOf(b.roleKind(), b.roleName(), b.namespace())) {
                    if (visitor.visit(b, rule)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<String> subjectKeys(UserInfo user) {
        List<String> keys = new ArrayList<>(user.groups().size() + 1);
        keys.add(Binding.userKey(user.name()));
        for (String g : user.groups()) {
            keys.add(Binding.groupKey(g));
        }
        return keys;
    }
}
