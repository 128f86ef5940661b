package dev.orchestrator.apiserver.internal.authz;

import static dev.orchestrator.apiserver.internal.authz.BootstrapPolicy.AGGREGATE_TO;
import static dev.orchestrator.apiserver.internal.authz.BootstrapPolicy.READ;
import static dev.orchestrator.apiserver.internal.authz.BootstrapPolicy.WRITE;
import static dev.orchestrator.apiserver.internal.authz.BootstrapPolicy.ALL_VERBS;
import static dev.orchestrator.apiserver.internal.authz.BootstrapPolicy.rule;
import static dev.orchestrator.apiserver.internal.authz.BootstrapPolicy.verbs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The user-facing default roles, as Kubernetes defines them: {@code cluster-admin} (bound to {@code system:masters}),
 * the aggregated {@code admin}, {@code edit} and {@code view} (each gathering the roles labeled for it; edit is
 * labeled into admin and view into edit, so each includes the next), the {@code system:aggregate-to-*} roles that
 * feed them, and the roles every user has: {@code system:basic-user} (reviews of oneself), {@code system:discovery}
 * (the API's discovery documents) and {@code system:public-info-viewer} (health and version, also unauthenticated).
 */
final class DefaultRoles {

    private static final String AUTHENTICATED = "Group:system:authenticated";

    private DefaultRoles() {
    }

    static List<ObjectNode> clusterRoles() {
        return List.of(
                BootstrapPolicy.clusterRole("cluster-admin", Map.of(), RuleCoverage.FULL_AUTHORITY),
                BootstrapPolicy.aggregated("admin", "admin", Map.of()),
                BootstrapPolicy.aggregated("edit", "edit", Map.of(AGGREGATE_TO + "admin", "true")),
                BootstrapPolicy.aggregated("view", "view", Map.of(AGGREGATE_TO + "edit", "true")),
                BootstrapPolicy.clusterRole("system:aggregate-to-admin", Map.of(AGGREGATE_TO + "admin", "true"), List.of(
                        rule("authorization.k8s.io", verbs("create"), "localsubjectaccessreviews"),
                        rule("rbac.authorization.k8s.io", ALL_VERBS, "rolebindings", "roles"))),
                BootstrapPolicy.clusterRole("system:aggregate-to-edit", Map.of(AGGREGATE_TO + "edit", "true"), editRules()),
                BootstrapPolicy.clusterRole("system:aggregate-to-view", Map.of(AGGREGATE_TO + "view", "true"), viewRules()),
                BootstrapPolicy.clusterRole("system:basic-user", Map.of(), List.of(
                        rule("authorization.k8s.io", verbs("create"), "selfsubjectaccessreviews",
                                "selfsubjectrulesreviews"),
                        rule("authentication.k8s.io", verbs("create"), "selfsubjectreviews"))),
                BootstrapPolicy.clusterRole("system:discovery", Map.of(), List.of(PolicyRule.urls(List.of("/api",
                        "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz",
                        "/version", "/version/"), verbs("get")))),
                BootstrapPolicy.clusterRole("system:public-info-viewer", Map.of(), List.of(PolicyRule.urls(List.of(
                        "/healthz", "/livez", "/readyz", "/version", "/version/"), verbs("get")))),
                // for servers that check their callers through this API (a kubelet, an extension API server)
                BootstrapPolicy.clusterRole("system:auth-delegator", Map.of(), List.of(
                        rule("authentication.k8s.io", verbs("create"), "tokenreviews"),
                        rule("authorization.k8s.io", verbs("create"), "subjectaccessreviews"))));
    }

    static List<ObjectNode> clusterRoleBindings() {
        return List.of(
                BootstrapPolicy.binding("cluster-admin", "Group:system:masters"),
                BootstrapPolicy.binding("system:basic-user", AUTHENTICATED),
                BootstrapPolicy.binding("system:discovery", AUTHENTICATED),
                BootstrapPolicy.binding("system:public-info-viewer", AUTHENTICATED, "Group:system:unauthenticated"));
    }

    private static List<PolicyRule> editRules() {
        return List.of(
                rule("", READ, "pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"),
                rule("", verbs("impersonate"), "serviceaccounts"),
                rule("", WRITE, "pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"),
                rule("", verbs("create"), "pods/eviction"),
                rule("", WRITE, "configmaps", "events", "persistentvolumeclaims", "replicationcontrollers",
                        "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"),
                rule("", verbs("create"), "serviceaccounts/token"),
                rule("apps", WRITE, "daemonsets", "deployments", "deployments/rollback", "deployments/scale",
                        "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"),
                rule("autoscaling", WRITE, "horizontalpodautoscalers"),
                rule("batch", WRITE, "cronjobs", "jobs"),
                rule("policy", WRITE, "poddisruptionbudgets"),
                rule("networking.k8s.io", WRITE, "ingresses", "networkpolicies"),
                rule("coordination.k8s.io", ALL_VERBS, "leases"));
    }

    private static List<PolicyRule> viewRules() {
        return List.of(
                rule("", READ, "configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status",
                        "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services",
                        "services/status"),
                rule("", READ, "bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status",
                        "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"),
                rule("", READ, "namespaces"),
                rule("discovery.k8s.io", READ, "endpointslices"),
                rule("apps", READ, "controllerrevisions", "daemonsets", "daemonsets/status", "deployments",
                        "deployments/scale", "deployments/status", "replicasets", "replicasets/scale",
                        "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"),
                rule("autoscaling", READ, "horizontalpodautoscalers", "horizontalpodautoscalers/status"),
                rule("batch", READ, "cronjobs", "cronjobs/status", "jobs", "jobs/status"),
                rule("policy", READ, "poddisruptionbudgets", "poddisruptionbudgets/status"),
                rule("networking.k8s.io", READ, "ingresses", "ingresses/status", "networkpolicies"),
                rule("metrics.k8s.io", READ, "pods", "nodes"));
    }
}
