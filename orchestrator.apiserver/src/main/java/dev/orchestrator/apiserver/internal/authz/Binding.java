package dev.orchestrator.apiserver.internal.authz;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A RoleBinding ({@code namespace} set) or ClusterRoleBinding ({@code namespace} empty) as the authorizer reads
 * it: the role it refers to and its subjects as keys ({@code User:alice}, {@code Group:dev}; a ServiceAccount is
 * the user {@code system:serviceaccount:<ns>:<name>}, its namespace defaulting to the binding's).
 */
public record Binding(String namespace, String name, String roleKind, String roleName, List<String> subjectKeys) {

    public static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

    public Binding {
        subjectKeys = List.copyOf(subjectKeys);
    }

    /** The binding of a stored RoleBinding or ClusterRoleBinding. */
    public static Binding of(JsonNode binding) {
        String namespace = binding.path("metadata").path("namespace").asText("");
        List<String> keys = new ArrayList<>();
        for (JsonNode s : binding.path("subjects")) {
            String kind = s.path("kind").asText("");
            String name = s.path("name").asText("");
            switch (kind) {
                case "User" -> keys.add(userKey(name));
                case "Group" -> keys.add(groupKey(name));
                case "ServiceAccount" -> {
                    String ns = s.path("namespace").asText("");
                    keys.add(userKey(SERVICE_ACCOUNT_PREFIX + (ns.isEmpty() ? namespace : ns) + ":" + name));
                }
                default -> { } // refused by validation; an unknown kind binds nobody
            }
        }
        JsonNode ref = binding.path("roleRef");
        return new Binding(namespace, binding.path("metadata").path("name").asText(""), ref.path("kind").asText(""),
                ref.path("name").asText(""), keys);
    }

    public static String userKey(String user) {
        return "User:" + user;
    }

    public static String groupKey(String group) {
        return "Group:" + group;
    }

    /** How Kubernetes names a binding in a decision's reason: {@code RoleBinding "x/ns"}, {@code ClusterRoleBinding "x"}. */
    public String describe() {
        return namespace.isEmpty() ? "ClusterRoleBinding \"" + name + "\"" : "RoleBinding \"" + name + "/" + namespace + "\"";
    }
}
