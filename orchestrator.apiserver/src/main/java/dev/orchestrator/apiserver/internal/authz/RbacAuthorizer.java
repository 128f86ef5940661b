package dev.orchestrator.apiserver.internal.authz;

import dev.orchestrator.apiserver.internal.auth.UserInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Kubernetes' RBAC authorizer on the {@link RbacIndex}: a request is allowed when a rule of a role bound to the
 * user (by name, by one of its groups, or as a ServiceAccount) matches it, through a ClusterRoleBinding or a
 * RoleBinding of the request's namespace. Members of {@code system:masters} are always allowed, as Kubernetes'
 * privileged group is. Nothing is ever denied explicitly: without a matching rule the answer is a denial with
 * no reason, as Kubernetes gives.
 */
public final class RbacAuthorizer implements Authorizer, RuleResolver {

    private final RbacIndex index;

    public RbacAuthorizer(RbacIndex index) {
        this.index = index;
    }

    @Override
    public Decision authorize(UserInfo user, RequestAttributes request) {
        if (user.inGroup(UserInfo.MASTERS)) {
            return Decision.allow("member of " + UserInfo.MASTERS);
        }
        Binding[] found = new Binding[1];
        boolean allowed = index.policy().visitRules(user, request.namespace(), (binding, rule) -> {
            if (rule.allows(request)) {
                found[0] = binding;
                return true;
            }
            return false;
        });
        if (!allowed) {
            return Decision.deny("");
        }
        Binding b = found[0];
        return Decision.allow("RBAC: allowed by " + b.describe() + " of " + b.roleKind() + " \"" + b.roleName()
                + "\" to " + subjectOf(user, b));
    }

    @Override
    public List<PolicyRule> rulesFor(UserInfo user, String namespace) {
        Set<PolicyRule> rules = new LinkedHashSet<>();
        index.policy().visitRules(user, namespace, (binding, rule) -> {
            rules.add(rule);
            return false;
        });
        return new ArrayList<>(rules);
    }

    /** The policy a decision reads (for escalation checks, which need the roles themselves). */
    public RbacPolicy policy() {
        return index.policy();
    }

    /** Which of the user's identities the binding names, for the reason ({@code User "alice"}, {@code Group "dev"}). */
    private static String subjectOf(UserInfo user, Binding binding) {
        if (binding.subjectKeys().contains(Binding.userKey(user.name()))) {
            return user.name().startsWith(Binding.SERVICE_ACCOUNT_PREFIX)
                    ? "ServiceAccount \"" + user.name().substring(Binding.SERVICE_ACCOUNT_PREFIX.length()) + "\""
                    : "User \"" + user.name() + "\"";
        }
        for (String g : user.groups()) {
            if (binding.subjectKeys().contains(Binding.groupKey(g))) {
                return "Group \"" + g + "\"";
            }
        }
        return "User \"" + user.name() + "\"";
    }
}
