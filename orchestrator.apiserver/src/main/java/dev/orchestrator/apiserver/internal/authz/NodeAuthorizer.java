package dev.orchestrator.apiserver.internal.authz;

import dev.orchestrator.apiserver.internal.auth.UserInfo;
import java.util.Set;

/**
 * What a kubelet may read of what only its pods need, as Kubernetes' node authorizer decides: a node identity
 * ({@code system:node:<name>} in group {@code system:nodes}) may get a Secret, ConfigMap or
 * PersistentVolumeClaim, and request a ServiceAccount's token, only when a pod bound to that node refers to it.
 * Everything else, and every other user, goes to the next authorizer (RBAC), whose {@code system:node} role
 * therefore grants none of these.
 */
public final class NodeAuthorizer implements Authorizer {

    public static final String NODE_USER_PREFIX = "system:node:";
    public static final String NODES_GROUP = "system:nodes";
    private static final Set<String> BY_REFERENCE = Set.of("secrets", "configmaps", "persistentvolumeclaims");

    /** Which objects the pods bound to a node use. */
    public interface NodeGraph {

        /** Whether a pod in {@code namespace} bound to {@code node} refers to the {@code resource} named {@code name}. */
        boolean referencedByPodOn(String node, String namespace, String resource, String name);
    }

    private final NodeGraph graph;
    private final Authorizer next;

    public NodeAuthorizer(NodeGraph graph, Authorizer next) {
        this.graph = graph;
        this.next = next;
    }

    @Override
    public Decision authorize(UserInfo user, RequestAttributes request) {
        String node = nodeOf(user);
        if (node != null && request.resourceRequest() && request.apiGroup().isEmpty() && allowedByGraph(node, request)) {
            return Decision.allow("node " + node + " has a pod that uses " + request.resource() + " \""
                    + request.name() + "\"");
        }
        Decision decision = next.authorize(user, request);
        if (!decision.allowed() && node != null && governed(request)) {
            return Decision.deny("no relationship found between node '" + node + "' and this object");
        }
        return decision;
    }

    private boolean allowedByGraph(String node, RequestAttributes request) {
        if (request.name().isEmpty() || request.namespace().isEmpty()) {
            return false;
        }
        if (BY_REFERENCE.contains(request.resource()) && request.subresource().isEmpty() && request.verb().equals("get")) {
            return graph.referencedByPodOn(node, request.namespace(), request.resource(), request.name());
        }
        if (request.resource().equals("serviceaccounts") && request.subresource().equals("token")
                && request.verb().equals("create")) {
            return graph.referencedByPodOn(node, request.namespace(), "serviceaccounts", request.name());
        }
        return false;
    }

    private static boolean governed(RequestAttributes request) {
        return request.resourceRequest() && request.apiGroup().isEmpty() && (BY_REFERENCE.contains(request.resource())
                || request.combinedResource().equals("serviceaccounts/token"));
    }

    /** The node a user is the kubelet of, or null. */
    static String nodeOf(UserInfo user) {
        if (!user.name().startsWith(NODE_USER_PREFIX) || !user.inGroup(NODES_GROUP)) {
            return null;
        }
        String node = user.name().substring(NODE_USER_PREFIX.length());
        return node.isEmpty() ? null : node;
    }
}
