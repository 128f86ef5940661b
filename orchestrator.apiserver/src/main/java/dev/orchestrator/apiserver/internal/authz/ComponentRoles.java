package dev.orchestrator.apiserver.internal.authz;

import static dev.orchestrator.apiserver.internal.authz.BootstrapPolicy.ALL_VERBS;
import static dev.orchestrator.apiserver.internal.authz.BootstrapPolicy.READ;
import static dev.orchestrator.apiserver.internal.authz.BootstrapPolicy.rule;
import static dev.orchestrator.apiserver.internal.authz.BootstrapPolicy.verbs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The roles of this project's own components, each with what that component reads and writes and no more:
 * the scheduler ({@code system:kube-scheduler}), the controller manager ({@code system:kube-controller-manager}:
 * the controller runtime's informers, Lease and events, and the accounts its controllers act as, whose own roles
 * are {@link ControllerRoles}), the kubelet ({@code system:node}) and the service proxy
 * ({@code system:node-proxier}), bound to the users (and, for kubelets, the group {@code system:nodes}) they
 * will authenticate as. The kubelet's role is Kubernetes' before its node authorizer narrows it to the objects
 * of its own node's pods; until a node authorizer exists here, it is what a kubelet may do.
 */
final class ComponentRoles {

    private static final List<String> EVENT_WRITES = verbs("create", "patch", "update");

    private ComponentRoles() {
    }

    static List<ObjectNode> clusterRoles() {
        return List.of(
                BootstrapPolicy.clusterRole("system:kube-scheduler", Map.of(), List.of(
                        rule("", EVENT_WRITES, "events"),
                        rule("events.k8s.io", EVENT_WRITES, "events"),
                        rule("coordination.k8s.io", verbs("create"), "leases"),
                        // its Lease is orchestrator-<schedulerName> unless configured otherwise
                        rule("coordination.k8s.io", verbs("get", "update", "patch"), "leases"),
                        rule("", READ, "nodes", "namespaces", "services", "replicationcontrollers",
                                "persistentvolumeclaims", "persistentvolumes"),
                        rule("", verbs("delete", "get", "list", "watch"), "pods"),
                        rule("", verbs("create"), "bindings", "pods/binding"),
                        rule("", verbs("patch", "update"), "pods/status"),
                        // the node chosen for a claim that waits for its first consumer (volume.kubernetes.io/selected-node)
                        rule("", verbs("patch", "update"), "persistentvolumeclaims"),
                        rule("storage.k8s.io", READ, "storageclasses"),
                        rule("apps", READ, "replicasets", "statefulsets"),
                        rule("policy", READ, "poddisruptionbudgets"),
                        rule("node.k8s.io", READ, "runtimeclasses"),
                        rule("authentication.k8s.io", verbs("create"), "tokenreviews"),
                        rule("authorization.k8s.io", verbs("create"), "subjectaccessreviews"))),
                BootstrapPolicy.clusterRole("system:kube-controller-manager", Map.of(), controllerRules()),
                BootstrapPolicy.clusterRole("system:node", Map.of(), nodeRules()),
                BootstrapPolicy.clusterRole("system:node-proxier", Map.of(), List.of(
                        rule("", READ, "endpoints", "services", "nodes"),
                        rule("discovery.k8s.io", READ, "endpointslices"),
                        rule("", EVENT_WRITES, "events"),
                        rule("events.k8s.io", EVENT_WRITES, "events"))),
                // what the API server does on kubelets (logs, exec, attach, port-forward, stats) as their client
                BootstrapPolicy.clusterRole("system:kubelet-api-admin", Map.of(), List.of(
                        rule("", verbs("get", "list", "watch", "proxy"), "nodes"),
                        rule("", ALL_VERBS, "nodes/log", "nodes/metrics", "nodes/proxy", "nodes/stats"))));
    }

    static List<ObjectNode> clusterRoleBindings() {
        return List.of(
                BootstrapPolicy.binding("system:kube-scheduler", "User:system:kube-scheduler"),
                BootstrapPolicy.binding("system:kube-controller-manager", "User:system:kube-controller-manager"),
                BootstrapPolicy.binding("system:node", "Group:system:nodes"),
                BootstrapPolicy.binding("system:node-proxier", "User:system:kube-proxy"),
                BootstrapPolicy.bindingOf("system:orchestrator:kubelet-api-admin", "system:kubelet-api-admin",
                        "User:kube-apiserver-kubelet-client"));
    }

    /**
     * What the controller manager does itself now that each controller acts as its own ServiceAccount
     * ({@link ControllerRoles}): its shared informers read every kind, built-in and integrators' alike; it holds
     * its Lease (fabric8's leader election patches it) and writes the runtime's events; it creates the controllers'
     * accounts in kube-system when they are missing and requests their tokens. Nothing else is written as it.
     */
    private static List<PolicyRule> controllerRules() {
        return List.of(
                rule("*", READ, "*"),
                // no resourceNames: its Lease's name is configuration (orchestrator-controllers by default)
                rule("coordination.k8s.io", verbs("create", "get", "update", "patch"), "leases"),
                rule("", EVENT_WRITES, "events"),
                rule("events.k8s.io", EVENT_WRITES, "events"),
                rule("", verbs("get", "create"), "serviceaccounts"),
                rule("", verbs("create"), "serviceaccounts/token"),
                rule("authentication.k8s.io", verbs("create"), "tokenreviews"),
                rule("authorization.k8s.io", verbs("create"), "subjectaccessreviews"));
    }

    private static List<PolicyRule> nodeRules() {
        return List.of(
                rule("", verbs("create", "get", "list", "watch", "patch", "update", "delete"), "nodes"),
                rule("", verbs("patch", "update"), "nodes/status", "pods/status"),
                rule("", verbs("create", "delete", "get", "list", "watch"), "pods"),
                rule("", verbs("create"), "pods/eviction"),
                // secrets, configmaps, persistentvolumeclaims and serviceaccounts/token: the node authorizer, for
                // what the node's own pods use
                rule("", READ, "services", "endpoints", "persistentvolumes"),
                // a worker's service proxy and DNS run under its node's identity (./orch join --token)
                rule("discovery.k8s.io", READ, "endpointslices"),
                rule("", verbs("create", "patch", "update"), "events"),
                rule("events.k8s.io", verbs("create", "patch", "update"), "events"),
                rule("coordination.k8s.io", ALL_VERBS, "leases"),
                rule("node.k8s.io", READ, "runtimeclasses"),
                // a node renews its own client certificate (auto-approved by selfnodeclient)
                rule("certificates.k8s.io", verbs("create", "get", "list", "watch"), "certificatesigningrequests"),
                rule("authentication.k8s.io", verbs("create"), "tokenreviews"),
                rule("authorization.k8s.io", verbs("create"), "subjectaccessreviews", "localsubjectaccessreviews"));
    }
}
