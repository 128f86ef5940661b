package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Roles, ClusterRoles and their bindings ({@code rbac.authorization.k8s.io/v1}), as Kubernetes validates them: every
 * rule needs verbs; a resource rule needs apiGroups and resources; nonResourceURLs only in ClusterRoles and never
 * beside resources; an aggregationRule needs a selector; a binding refers to a Role or ClusterRole of this group
 * (a ClusterRoleBinding to a ClusterRole only) by a name, and its subjects are Users, Groups (of this group) or
 * ServiceAccounts (of the core group, with a namespace in a ClusterRoleBinding); a binding's roleRef never changes.
 */
public final class RbacValidation {

    public static final String GROUP = "rbac.authorization.k8s.io";
    private static final FieldPath RULES = FieldPath.root("rules");
    private static final FieldPath ROLE_REF = FieldPath.root("roleRef");
    private static final FieldPath SUBJECTS = FieldPath.root("subjects");

    private RbacValidation() {
    }

    public static void validateRole(JsonNode role, FieldErrors errors) {
        rules(role, true, errors);
    }

    public static void validateClusterRole(JsonNode role, FieldErrors errors) {
        rules(role, false, errors);
        JsonNode aggregation = role.path("aggregationRule");
        if (aggregation.isObject() && aggregation.path("clusterRoleSelectors").size() == 0) {
            errors.required(FieldPath.root("aggregationRule").child("clusterRoleSelectors"),
                    "at least one clusterRoleSelector required if aggregationRule is non-nil");
        }
    }

    public static void validateRoleBinding(JsonNode binding, FieldErrors errors) {
        binding(binding, true, errors);
    }

    public static void validateClusterRoleBinding(JsonNode binding, FieldErrors errors) {
        binding(binding, false, errors);
    }

    /** {@code roleRef} is immutable: a binding to another role is a new binding. */
    public static void validateBindingUpdate(JsonNode updated, JsonNode old, FieldErrors errors) {
        if (!updated.path("roleRef").equals(old.path("roleRef"))) {
            errors.invalid(ROLE_REF, updated.path("roleRef"), "cannot change roleRef");
        }
    }

    private static void rules(JsonNode role, boolean namespaced, FieldErrors errors) {
        int i = 0;
        for (JsonNode rule : CommonFields.items(role.path("rules"))) {
            FieldPath at = RULES.index(i++);
            if (rule.path("verbs").size() == 0) {
                errors.required(at.child("verbs"), "verbs must contain at least one value");
            }
            JsonNode urls = rule.path("nonResourceURLs");
            if (urls.size() > 0) {
                if (namespaced) {
                    errors.invalid(at.child("nonResourceURLs"), urls, "namespaced rules cannot apply to non-resource URLs");
                }
                if (rule.path("apiGroups").size() > 0 || rule.path("resources").size() > 0
                        || rule.path("resourceNames").size() > 0) {
                    errors.invalid(at.child("nonResourceURLs"), urls,
                            "rules cannot apply to both regular resources and non-resource URLs");
                }
                continue;
            }
            if (rule.path("apiGroups").size() == 0) {
                errors.required(at.child("apiGroups"), "resource rules must supply at least one api group");
            }
            if (rule.path("resources").size() == 0) {
                errors.required(at.child("resources"), "resource rules must supply at least one resource");
            }
        }
    }

    private static void binding(JsonNode binding, boolean namespaced, FieldErrors errors) {
        JsonNode ref = binding.path("roleRef");
        if (!GROUP.equals(CommonFields.textOrEmpty(ref, "apiGroup"))) {
            errors.notSupported(ROLE_REF.child("apiGroup"), ref.path("apiGroup").isMissingNode()
                    ? com.fasterxml.jackson.databind.node.TextNode.valueOf("") : ref.path("apiGroup"), List.of(GROUP));
        }
        List<String> kinds = namespaced ? List.of("Role", "ClusterRole") : List.of("ClusterRole");
        if (!kinds.contains(CommonFields.textOrEmpty(ref, "kind"))) {
            errors.notSupported(ROLE_REF.child("kind"), textOf(ref, "kind"), kinds);
        }
        CommonFields.name(ref, "name", true, NameFormats::pathSegmentName, ROLE_REF, errors);
        int i = 0;
        for (JsonNode subject : CommonFields.items(binding.path("subjects"))) {
            subject(subject, namespaced, SUBJECTS.index(i++), errors);
        }
    }

    private static void subject(JsonNode subject, boolean namespaced, FieldPath at, FieldErrors errors) {
        String kind = CommonFields.textOrEmpty(subject, "kind");
        String apiGroup = CommonFields.textOrEmpty(subject, "apiGroup");
        switch (kind) {
            case "ServiceAccount" -> {
                CommonFields.name(subject, "name", true, NameFormats::dns1123Subdomain, at, errors);
                if (!apiGroup.isEmpty()) {
                    errors.notSupported(at.child("apiGroup"), subject.path("apiGroup"), List.of(""));
                }
                if (!namespaced && CommonFields.textOrEmpty(subject, "namespace").isEmpty()) {
                    errors.required(at.child("namespace"), "");
                }
            }
            case "User", "Group" -> {
                CommonFields.name(subject, "name", true, s -> List.of(), at, errors);
                if (!GROUP.equals(apiGroup)) {
                    errors.notSupported(at.child("apiGroup"), textOf(subject, "apiGroup"), List.of(GROUP));
                }
            }
            default -> {
                CommonFields.name(subject, "name", true, s -> List.of(), at, errors);
                errors.notSupported(at.child("kind"), textOf(subject, "kind"), List.of("ServiceAccount", "User", "Group"));
            }
        }
    }

    private static JsonNode textOf(JsonNode parent, String field) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(CommonFields.textOrEmpty(parent, field));
    }
}
