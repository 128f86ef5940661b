package dev.orchestrator.apiserver.internal.authz;

import dev.orchestrator.apiserver.internal.auth.UserInfo;

/**
 * Kubernetes' words for a denied request: {@code pods is forbidden: User "alice" cannot create resource "pods" in
 * API group "" in the namespace "default"} ({@code ... at the cluster scope} without a namespace; {@code pods "p"
 * is forbidden: ...} with a name; {@code forbidden: User "alice" cannot get path "/x"} for a path), the reason
 * appended after a colon when there is one.
 */
public final class ForbiddenMessage {

    private ForbiddenMessage() {
    }

    public static String of(UserInfo user, RequestAttributes request, String reason) {
        String what;
        if (!request.resourceRequest()) {
            what = "User \"" + user.name() + "\" cannot " + request.verb() + " path \"" + request.path() + "\"";
        } else {
            what = "User \"" + user.name() + "\" cannot " + request.verb() + " resource \"" + request.combinedResource()
                    + "\" in API group \"" + request.apiGroup() + "\""
                    + (request.namespace().isEmpty() ? " at the cluster scope"
                    : " in the namespace \"" + request.namespace() + "\"");
        }
        String detail = reason == null || reason.isEmpty() ? what : what + ": " + reason;
        return subject(request) + "forbidden: " + detail;
    }

    /** {@code pods is }, {@code deployments.apps "web" is }, or nothing for a path. */
    private static String subject(RequestAttributes request) {
        if (!request.resourceRequest() || request.resource().isEmpty()) {
            return "";
        }
        String resource = request.apiGroup().isEmpty() ? request.resource()
                : request.resource() + "." + request.apiGroup();
        return resource + (request.name().isEmpty() ? "" : " \"" + request.name() + "\"") + " is ";
    }
}
