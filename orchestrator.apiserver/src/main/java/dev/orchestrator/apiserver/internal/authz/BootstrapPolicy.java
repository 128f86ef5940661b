package dev.orchestrator.apiserver.internal.authz;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Builds the default ClusterRoles and ClusterRoleBindings a cluster starts with ({@link DefaultRoles},
 * {@link ComponentRoles}, {@link ControllerRoles}, {@link NodeBootstrapRoles}): labeled
 * {@code kubernetes.io/bootstrapping: rbac-defaults} and annotated {@code rbac.authorization.kubernetes.io/autoupdate:
 * "true"}, as Kubernetes labels its own.
 */
public final class BootstrapPolicy {

    public static final String API_VERSION = "rbac.authorization.k8s.io/v1";
    public static final String AGGREGATE_TO = "rbac.authorization.k8s.io/aggregate-to-";
    public static final String AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate";
    static final List<String> READ = List.of("get", "list", "watch");
    static final List<String> WRITE = List.of("create", "delete", "deletecollection", "patch", "update");
    static final List<String> ALL_VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    private BootstrapPolicy() {
    }

    /** Every default ClusterRole. */
    public static List<ObjectNode> clusterRoles() {
        List<ObjectNode> all = new java.util.ArrayList<>(DefaultRoles.clusterRoles());
        all.addAll(ComponentRoles.clusterRoles());
        all.addAll(ControllerRoles.clusterRoles());
        all.addAll(NodeBootstrapRoles.clusterRoles());
        return all;
    }

    /** Every default ClusterRoleBinding. */
    public static List<ObjectNode> clusterRoleBindings() {
        List<ObjectNode> all = new java.util.ArrayList<>(DefaultRoles.clusterRoleBindings());
        all.addAll(ComponentRoles.clusterRoleBindings());
        all.addAll(ControllerRoles.clusterRoleBindings());
        all.addAll(NodeBootstrapRoles.clusterRoleBindings());
        return all;
    }

    static ObjectNode clusterRole(String name, Map<String, String> extraLabels, List<PolicyRule> rules) {
        ObjectNode role = object("ClusterRole", name, extraLabels);
        ArrayNode array = role.putArray("rules");
        rules.forEach(r -> array.add(r.toJson()));
        return role;
    }

    /** A ClusterRole whose rules are gathered from the ClusterRoles labeled {@code aggregate-to-<target>: "true"}. */
    static ObjectNode aggregated(String name, String target, Map<String, String> extraLabels) {
        ObjectNode role = clusterRole(name, extraLabels, List.of());
        role.putObject("aggregationRule").putArray("clusterRoleSelectors").addObject()
                .putObject("matchLabels").put(AGGREGATE_TO + target, "true");
        return role;
    }

    /**
     * A ClusterRoleBinding of the ClusterRole of the same name to subjects given as {@code User:x}, {@code Group:y}
     * or {@code ServiceAccount:namespace/name}.
     */
    static ObjectNode binding(String name, String... subjects) {
        return bindingOf(name, name, subjects);
    }

    /** A ClusterRoleBinding named {@code name} of the ClusterRole {@code role} (kubeadm's names differ from the roles'). */
    static ObjectNode bindingOf(String name, String role, String... subjects) {
        ObjectNode binding = object("ClusterRoleBinding", name, Map.of());
        ObjectNode ref = binding.putObject("roleRef");
        ref.put("apiGroup", "rbac.authorization.k8s.io");
        ref.put("kind", "ClusterRole");
        ref.put("name", role);
        ArrayNode list = binding.putArray("subjects");
        for (String s : subjects) {
            String kind = s.substring(0, s.indexOf(':'));
            String rest = s.substring(s.indexOf(':') + 1);
            ObjectNode subject = list.addObject();
            if (kind.equals("ServiceAccount")) {
                // a ServiceAccount is a core object: its subject has the core group and must name its namespace
                subject.put("kind", kind);
                subject.put("apiGroup", "");
                subject.put("name", rest.substring(rest.indexOf('/') + 1));
                subject.put("namespace", rest.substring(0, rest.indexOf('/')));
            } else {
                subject.put("apiGroup", "rbac.authorization.k8s.io");
                subject.put("kind", kind);
                subject.put("name", rest);
            }
        }
        return binding;
    }

    static PolicyRule rule(String group, List<String> verbs, String... resources) {
        return PolicyRule.resources(List.of(group), List.of(resources), verbs);
    }

    static List<String> verbs(String... verbs) {
        return List.of(verbs);
    }

    private static ObjectNode object(String kind, String name, Map<String, String> extraLabels) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("apiVersion", API_VERSION);
        o.put("kind", kind);
        ObjectNode meta = o.putObject("metadata");
        meta.put("name", name);
        ObjectNode labels = meta.putObject("labels");
        labels.put("kubernetes.io/bootstrapping", "rbac-defaults");
        extraLabels.forEach(labels::put);
        meta.putObject("annotations").put(AUTOUPDATE, "true");
        return o;
    }
}
