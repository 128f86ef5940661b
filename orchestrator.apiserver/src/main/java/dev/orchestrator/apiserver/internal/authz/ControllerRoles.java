package dev.orchestrator.apiserver.internal.authz;

import static dev.orchestrator.apiserver.internal.authz.BootstrapPolicy.rule;
import static dev.orchestrator.apiserver.internal.authz.BootstrapPolicy.verbs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The roles of the built-in controllers, each acting as its own ServiceAccount {@code kube-system/<account>}, as
 * kube-controller-manager's controllers do with {@code --use-service-account-credentials}: the ClusterRole
 * {@code system:controller:<account>} bound by the ClusterRoleBinding of the same name, named as Kubernetes'
 * bootstrap policy names them. A controller reads through the controller manager's informers
 * ({@code system:kube-controller-manager}, {@link ComponentRoles}), so its role holds only what it does with its
 * own client: writes, status and other subresources, the reads it makes past the cache, and events. That is often
 * less than Kubernetes grants (no list or watch) and, where our controller does more, more; each such place says so.
 * Discovery, which some of them read, is {@code system:discovery}'s, as for every authenticated user.
 */
final class ControllerRoles {

    private static final String PREFIX = "system:controller:";
    private static final String NAMESPACE = "kube-system";

    private static final PolicyRule EVENTS = PolicyRule.resources(List.of("", "events.k8s.io"), List.of("events"),
            verbs("create", "patch", "update"));

    /** The ClusterRole of one account, before the events rule every controller gets. */
    private record Controller(String account, List<PolicyRule> rules) {
    }

    private ControllerRoles() {
    }

    static List<ObjectNode> clusterRoles() {
        return controllers().map(c -> {
            List<PolicyRule> rules = new ArrayList<>(c.rules());
            rules.add(EVENTS);
            return BootstrapPolicy.clusterRole(PREFIX + c.account(), Map.of(), rules);
        }).toList();
    }

    static List<ObjectNode> clusterRoleBindings() {
        return controllers().map(c -> BootstrapPolicy.binding(PREFIX + c.account(),
                "ServiceAccount:" + NAMESPACE + "/" + c.account())).toList();
    }

    private static Stream<Controller> controllers() {
        return Stream.of(workloads(), lifecycle(), nodes(), content()).flatMap(List::stream);
    }

    /** Workloads: ReplicaSet, Deployment, DaemonSet, StatefulSet, Job, CronJob, HPA, PodDisruptionBudget. */
    private static List<Controller> workloads() {
        return List.of(
                // adoption reads the owner from the API before adopting; owned objects are adopted and released by
                // merge patches of their owner references
                new Controller("replicaset-controller", List.of(
                        rule("apps", verbs("get"), "replicasets"),
                        rule("apps", verbs("update"), "replicasets/status"),
                        rule("", verbs("create", "delete", "patch"), "pods"))),
                // the revision annotation is a merge patch (Kubernetes' controller updates the Deployment instead)
                new Controller("deployment-controller", List.of(
                        rule("apps", verbs("get", "patch"), "deployments"),
                        rule("apps", verbs("update"), "deployments/status"),
                        rule("apps", verbs("create", "get", "update", "patch", "delete"), "replicasets"))),
                // pod templates are kept as ControllerRevisions (rollout history and undo); get: a revision whose
                // creation met an existing name is read to tell a cache lag from a hash collision
                new Controller("daemon-set-controller", List.of(
                        rule("apps", verbs("get"), "daemonsets"),
                        rule("apps", verbs("update"), "daemonsets/status"),
                        rule("apps", verbs("create", "get", "update", "patch", "delete"), "controllerrevisions"),
                        rule("", verbs("create", "delete", "patch"), "pods"))),
                new Controller("statefulset-controller", List.of(
                        rule("apps", verbs("get"), "statefulsets"),
                        rule("apps", verbs("update"), "statefulsets/status"),
                        rule("apps", verbs("create", "get", "update", "patch", "delete"), "controllerrevisions"),
                        rule("", verbs("create", "get", "delete", "patch"), "pods"),
                        rule("", verbs("create", "get"), "persistentvolumeclaims"))),
                // binds claims to volumes and makes the local-path class's volumes; deletes those whose claim is gone
                new Controller("persistent-volume-binder", List.of(
                        rule("", verbs("get", "update", "patch"), "persistentvolumeclaims"),
                        rule("", verbs("update", "patch"), "persistentvolumeclaims/status"),
                        rule("", verbs("create", "get", "update", "patch", "delete"), "persistentvolumes"),
                        rule("", verbs("update", "patch"), "persistentvolumes/status"))),
                // the protection controllers drop their finalizer once nothing uses the object, after a read past the cache
                new Controller("pvc-protection-controller", List.of(
                        rule("", verbs("get", "update", "patch"), "persistentvolumeclaims"),
                        rule("", verbs("list"), "pods"))),
                new Controller("pv-protection-controller", List.of(
                        rule("", verbs("get", "update", "patch"), "persistentvolumes"),
                        rule("", verbs("get"), "persistentvolumeclaims"))),
                // delete: a finished Job's ttlSecondsAfterFinished is enforced here (Kubernetes' TTL-after-finished
                // controller does it with an account of its own)
                new Controller("job-controller", List.of(
                        rule("batch", verbs("get", "delete"), "jobs"),
                        rule("batch", verbs("update"), "jobs/status"),
                        rule("", verbs("create", "delete", "patch"), "pods"))),
                new Controller("cronjob-controller", List.of(
                        rule("batch", verbs("create", "get", "delete"), "jobs"),
                        rule("batch", verbs("update"), "cronjobs/status"))),
                // a target of any kind with a scale subresource; PodMetrics of the resource metrics API
                new Controller("horizontal-pod-autoscaler", List.of(
                        rule("autoscaling", verbs("update"), "horizontalpodautoscalers/status"),
                        rule("*", verbs("get", "update"), "*/scale"),
                        rule("metrics.k8s.io", verbs("list"), "pods"))),
                new Controller("disruption-controller", List.of(
                        rule("policy", verbs("update"), "poddisruptionbudgets/status"))));
    }

    /** What removes objects or keeps counts of them, of any kind. */
    private static List<Controller> lifecycle() {
        return List.of(
                // every kind, custom resources included (owners and dependents are of any kind), as in Kubernetes
                new Controller("generic-garbage-collector", List.of(
                        rule("*", verbs("get", "patch", "delete"), "*"))),
                // every namespaced kind the server serves, found by discovery and listed in the namespace here (not
                // through informers), custom resources included, as in Kubernetes
                new Controller("namespace-controller", List.of(
                        rule("*", verbs("list", "delete"), "*"),
                        rule("", verbs("update"), "namespaces/status", "namespaces/finalize"))),
                // ours only: Kubernetes expires events in its storage; here a controller deletes them
                new Controller("event-ttl-controller", List.of(
                        PolicyRule.resources(List.of("", "events.k8s.io"), List.of("events"), verbs("delete")))),
                new Controller("pod-garbage-collector", List.of(
                        rule("", verbs("get"), "nodes"),
                        // get: fabric8 reads the pod before it patches its DisruptionTarget condition
                        rule("", verbs("get", "delete"), "pods"),
                        rule("", verbs("patch"), "pods/status"))),
                // any resource can be counted (count/<resource>.<group>): lists them past the cache, as in Kubernetes
                new Controller("resourcequota-controller", List.of(
                        rule("*", verbs("list"), "*"),
                        rule("", verbs("update"), "resourcequotas/status"))));
    }

    /** Nodes and what runs on them. */
    private static List<Controller> nodes() {
        return List.of(
                // node lifecycle (status, taints, pods of unreachable nodes) and node IPAM (a merge patch of podCIDR)
                // get: fabric8 reads an object by name before it patches it (the pod range, pods' conditions)
                new Controller("node-controller", List.of(
                        rule("", verbs("get", "update", "patch"), "nodes"),
                        rule("", verbs("update"), "nodes/status"),
                        rule("", verbs("get"), "pods"),
                        rule("", verbs("patch"), "pods/status"))),
                new Controller("taint-eviction-controller", List.of(
                        rule("", verbs("get", "delete"), "pods"),
                        rule("", verbs("patch"), "pods/status"))));
    }

    /** Per-namespace and cluster content: endpoints, accounts, RBAC aggregation, the root CA, certificates. */
    private static List<Controller> content() {
        return List.of(
                // one reconciler writes both the slices and the core/v1 Endpoints mirrored from them
                new Controller("endpointslice-controller", List.of(
                        rule("discovery.k8s.io", verbs("create", "update", "delete"), "endpointslices"),
                        rule("", verbs("create", "update", "delete"), "endpoints"))),
                new Controller("service-account-controller", List.of(
                        rule("", verbs("create"), "serviceaccounts"))),
                // it writes rules gathered from other roles, which it does not hold
                new Controller("clusterrole-aggregation-controller", List.of(
                        rule("rbac.authorization.k8s.io", verbs("escalate", "update"), "clusterroles"))),
                new Controller("root-ca-cert-publisher", List.of(
                        rule("", verbs("create", "update"), "configmaps"))),
                new Controller("certificate-controller", certificateRules()));
    }

    /**
     * Approval (fabric8's approve reads the request from the API first, then writes {@code /approval}), signing
     * ({@code /status}) and the SubjectAccessReview that decides an approval. The {@code signers} rules, for the one
     * signer these controllers serve, are what Kubernetes' CertificateApproval and CertificateSigning admission ask
     * of an approver and a signer; this server does not ask yet, and they allow nothing else.
     */
    private static List<PolicyRule> certificateRules() {
        String group = NodeBootstrapRoles.GROUP;
        return List.of(
                rule(group, verbs("get"), "certificatesigningrequests"),
                rule(group, verbs("update"), "certificatesigningrequests/approval", "certificatesigningrequests/status"),
                rule(group, verbs("approve", "sign"), "signers").named("kubernetes.io/kube-apiserver-client-kubelet"),
                rule("authorization.k8s.io", verbs("create"), "subjectaccessreviews"));
    }
}
