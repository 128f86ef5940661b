package dev.orchestrator.apiserver.internal.authz;

/**
 * An authorizer's answer: allowed or not, and why (the binding that allowed it; usually empty for a denial,
 * as Kubernetes' RBAC gives none). Immutable.
 */
public record Decision(boolean allowed, String reason) {

    public Decision {
        reason = reason == null ? "" : reason;
    }

    public static Decision allow(String reason) {
        return new Decision(true, reason);
    }

    public static Decision deny(String reason) {
        return new Decision(false, reason);
    }
}
