package dev.orchestrator.apiserver.internal.authz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The roles and bindings of a node's TLS bootstrap, as Kubernetes defines the roles and kubeadm binds them:
 * bootstrap tokens ({@code system:bootstrappers}) may create and watch CertificateSigningRequests
 * ({@code system:node-bootstrapper}) and have their node client requests auto-approved ({@code …:nodeclient});
 * nodes ({@code system:nodes}) may have the renewal of their own client certificate auto-approved
 * ({@code …:selfnodeclient}). The approver asks a SubjectAccessReview for these subresources.
 */
final class NodeBootstrapRoles {

    static final String GROUP = "certificates.k8s.io";
    static final String NODE_CLIENT = "system:certificates.k8s.io:certificatesigningrequests:nodeclient";
    static final String SELF_NODE_CLIENT = "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient";

    private NodeBootstrapRoles() {
    }

    static List<ObjectNode> clusterRoles() {
        return List.of(
                BootstrapPolicy.clusterRole("system:node-bootstrapper", Map.of(), List.of(
                        BootstrapPolicy.rule(GROUP, BootstrapPolicy.verbs("create", "get", "list", "watch"),
                                "certificatesigningrequests"))),
                BootstrapPolicy.clusterRole(NODE_CLIENT, Map.of(), List.of(
                        BootstrapPolicy.rule(GROUP, BootstrapPolicy.verbs("create"), "certificatesigningrequests/nodeclient"))),
                BootstrapPolicy.clusterRole(SELF_NODE_CLIENT, Map.of(), List.of(
                        BootstrapPolicy.rule(GROUP, BootstrapPolicy.verbs("create"),
                                "certificatesigningrequests/selfnodeclient"))));
    }

    static List<ObjectNode> clusterRoleBindings() {
        return List.of(
                BootstrapPolicy.bindingOf("kubeadm:kubelet-bootstrap", "system:node-bootstrapper", "Group:system:bootstrappers"),
                BootstrapPolicy.bindingOf("kubeadm:node-autoapprove-bootstrap", NODE_CLIENT, "Group:system:bootstrappers"),
                BootstrapPolicy.bindingOf("kubeadm:node-autoapprove-certificate-rotation", SELF_NODE_CLIENT,
                        "Group:system:nodes"));
    }
}
