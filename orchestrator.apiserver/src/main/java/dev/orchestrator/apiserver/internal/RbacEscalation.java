package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import dev.orchestrator.apiserver.internal.authz.Authorizer;
import dev.orchestrator.apiserver.internal.authz.PolicyRule;
import dev.orchestrator.apiserver.internal.authz.RequestAttributes;
import dev.orchestrator.apiserver.internal.authz.RuleCoverage;
import dev.orchestrator.apiserver.internal.authz.RuleResolver;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Escalation prevention, as Kubernetes does it: a user may write a Role or ClusterRole only with rules the user
 * already holds (in the role's namespace), unless allowed to {@code escalate} it; a user may write a binding only
 * to a role whose rules the user holds, unless allowed to {@code bind} it. Using an aggregationRule needs every
 * right. Members of {@code system:masters}, and the server's own writes (no request user), are never held back.
 * Changes that only touch what the garbage collector writes (finalizers, owner references) pass.
 */
final class RbacEscalation implements WriteGuard {

    private final Authorizer authorizer;
    private final RuleResolver rules;
    private final ObjectStorage storage;
    private final ResourceRegistry registry;
    private final Supplier<Optional<UserInfo>> writer;

    RbacEscalation(Authorizer authorizer, RuleResolver rules, ObjectStorage storage, ResourceRegistry registry,
                   Supplier<Optional<UserInfo>> writer) {
        this.authorizer = authorizer;
        this.rules = rules;
        this.storage = storage;
        this.registry = registry;
        this.writer = writer;
    }

    @Override
    public void check(ResourceType type, ObjectNode object, ObjectNode old) {
        if (!RbacTypes.GROUP.equals(type.group())) {
            return;
        }
        Optional<UserInfo> user = writer.get();
        if (user.isEmpty() || user.get().inGroup(UserInfo.MASTERS) || old != null && onlyCollectorFields(object, old)) {
            return;
        }
        String namespace = object.path("metadata").path("namespace").asText("");
        String name = object.path("metadata").path("name").asText("");
        switch (type.plural()) {
            case "roles", "clusterroles" -> checkRole(user.get(), type, namespace, name, object);
            default -> checkBinding(user.get(), type, namespace, name, object.path("roleRef"));
        }
    }

    private void checkRole(UserInfo user, ResourceType type, String namespace, String name, ObjectNode role) {
        if (may(user, "escalate", type.plural(), namespace, name)) {
            return;
        }
        if (role.path("aggregationRule").isObject()
                && !RuleCoverage.uncovered(rules.rulesFor(user, ""), RuleCoverage.FULL_AUTHORITY).isEmpty()) {
            throw forbidden(type, name, "must have cluster-admin privileges to use the aggregationRule");
        }
        confirmHeld(user, type, namespace, name, PolicyRule.allOf(role.path("rules")));
    }

    private void checkBinding(UserInfo user, ResourceType type, String namespace, String name, JsonNode roleRef) {
        String roleKind = roleRef.path("kind").asText("");
        String roleName = roleRef.path("name").asText("");
        String rolePlural = "ClusterRole".equals(roleKind) ? "clusterroles" : "roles";
        if (may(user, "bind", rolePlural, namespace, roleName)) {
            return;
        }
        // read from the store, not the authorizer's index: a role created a moment ago is bindable at once
        ResourceType roleType = registry.find(RbacTypes.GROUP, "v1", rolePlural).orElseThrow();
        ObjectNode role = storage.get(roleType, roleType.namespaced() ? namespace : null, roleName)
                .orElseThrow(() -> forbidden(type, name, rolePlural + "." + RbacTypes.GROUP + " \"" + roleName
                        + "\" not found"));
        confirmHeld(user, type, namespace, name, PolicyRule.allOf(role.path("rules")));
    }

    private void confirmHeld(UserInfo user, ResourceType type, String namespace, String name, List<PolicyRule> wanted) {
        List<PolicyRule> missing = RuleCoverage.uncovered(rules.rulesFor(user, namespace), wanted);
        if (!missing.isEmpty()) {
            throw forbidden(type, name, "user \"" + user.name() + "\" (groups=" + goStrings(user.groups())
                    + ") is attempting to grant RBAC permissions not currently held:\n" + RuleCoverage.describe(missing));
        }
    }

    private boolean may(UserInfo user, String verb, String plural, String namespace, String name) {
        return authorizer.authorize(user, RequestAttributes.resource(verb, RbacTypes.GROUP, "v1", plural, "",
                namespace, name)).allowed();
    }

    private static ApiException forbidden(ResourceType type, String name, String why) {
        return ApiException.forbidden(type.group(), type.plural(), name, type.qualifiedName() + " \"" + name
                + "\" is forbidden: " + why);
    }

    /** Whether the objects differ only in the fields the garbage collector writes (and the server's own). */
    private static boolean onlyCollectorFields(ObjectNode object, ObjectNode old) {
        return withoutCollectorFields(object).equals(withoutCollectorFields(old));
    }

    private static ObjectNode withoutCollectorFields(ObjectNode o) {
        ObjectNode copy = o.deepCopy();
        if (copy.path("metadata") instanceof ObjectNode meta) {
            meta.remove(List.of("finalizers", "ownerReferences", "resourceVersion", "managedFields", "generation"));
        }
        return copy;
    }

    /** Go's {@code %q} of a string slice: {@code ["a" "b"]}. */
    private static String goStrings(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : " ").append('"').append(values.get(i)).append('"');
        }
        return b.append(']').toString();
    }
}
