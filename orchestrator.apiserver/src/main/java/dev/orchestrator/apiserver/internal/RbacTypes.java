package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.RbacValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The resources of {@code rbac.authorization.k8s.io/v1}: Role and RoleBinding (namespaced), ClusterRole and
 * ClusterRoleBinding, validated as Kubernetes validates them ({@link RbacValidation}), without short names, with
 * kubectl's columns (roles: CREATED AT; bindings: ROLE, AGE, and wide USERS, GROUPS, SERVICEACCOUNTS).
 * Who may write them beyond the RBAC check of the request itself is the escalation check's business
 * ({@link RbacEscalation}).
 */
final class RbacTypes {

    static final String GROUP = RbacValidation.GROUP;

    private RbacTypes() {
    }

    static List<ResourceType> all() {
        TableColumns roles = TableColumns.named().withoutAge().column("Created At", "When the role was created.",
                o -> Json.text(o.path("metadata"), "creationTimestamp")).build();
        TableColumns bindings = TableColumns.named()
                .column("Role", "The role the subjects are bound to.", o -> o.path("roleRef").path("kind").asText("")
                        + "/" + o.path("roleRef").path("name").asText(""))
                .age()
                .wide("Users", "Users bound.", o -> subjects(o, "User"))
                .wide("Groups", "Groups bound.", o -> subjects(o, "Group"))
                .wide("ServiceAccounts", "ServiceAccounts bound.", o -> subjects(o, "ServiceAccount"))
                .build();
        return List.of(
                type("roles", "Role", true, ValidatedStrategy.of(RbacValidation::validateRole), roles),
                type("clusterroles", "ClusterRole", false, ValidatedStrategy.of(RbacValidation::validateClusterRole), roles),
                type("rolebindings", "RoleBinding", true, new BindingStrategy(RbacValidation::validateRoleBinding), bindings),
                type("clusterrolebindings", "ClusterRoleBinding", false,
                        new BindingStrategy(RbacValidation::validateClusterRoleBinding), bindings));
    }

    private static ResourceType type(String plural, String kind, boolean namespaced, ResourceStrategy strategy,
                                     TableColumns table) {
        return new ResourceType(GROUP, "v1", plural, kind.toLowerCase(), kind, namespaced, List.of(), List.of(),
                Set.of(), strategy, table, ResourceType.VERBS);
    }

    private static String subjects(ObjectNode binding, String kind) {
        List<String> names = new ArrayList<>();
        for (JsonNode s : binding.path("subjects")) {
            if (kind.equals(s.path("kind").asText())) {
                String ns = s.path("namespace").asText("");
                names.add(kind.equals("ServiceAccount") ? ns + "/" + s.path("name").asText() : s.path("name").asText());
            }
        }
        return names.isEmpty() ? "" : String.join(", ", names);
    }

    /** Bindings: subjects' apiGroup defaulted as Kubernetes defaults it, then validated; roleRef immutable. */
    private static final class BindingStrategy implements ResourceStrategy {
        private final ResourceStrategy validation;

        BindingStrategy(java.util.function.BiConsumer<JsonNode, dev.orchestrator.apiserver.internal.validation.FieldErrors> rules) {
            this.validation = ValidatedStrategy.of(rules, RbacValidation::validateBindingUpdate);
        }

        @Override
        public void prepareForCreate(ObjectNode object) {
            defaultSubjectGroups(object);
        }

        @Override
        public void prepareForUpdate(ObjectNode object, ObjectNode old) {
            defaultSubjectGroups(object);
        }

        @Override
        public void validate(ObjectNode object, List<ApiException.Cause> causes) {
            validation.validate(object, causes);
        }

        @Override
        public void validateUpdate(ObjectNode object, ObjectNode old, List<ApiException.Cause> causes) {
            validation.validateUpdate(object, old, causes);
        }

        private static void defaultSubjectGroups(ObjectNode binding) {
            for (JsonNode s : binding.path("subjects")) {
                if (s instanceof ObjectNode subject && !subject.hasNonNull("apiGroup")) {
                    String kind = subject.path("kind").asText("");
                    if (kind.equals("User") || kind.equals("Group")) {
                        subject.put("apiGroup", GROUP); // a ServiceAccount's group is the core group, written as none
                    }
                }
            }
        }
    }
}
