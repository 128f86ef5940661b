package dev.orchestrator.apiserver.internal.authz;

import dev.orchestrator.apiserver.internal.auth.UserInfo;
import java.util.List;

/**
 * The rules that apply to a user in a namespace ({@code ""}: those granted cluster-wide only), as RBAC grants
 * them: what a SelfSubjectRulesReview lists and what escalation prevention compares a new role against.
 */
@FunctionalInterface
public interface RuleResolver {

    List<PolicyRule> rulesFor(UserInfo user, String namespace);
}
