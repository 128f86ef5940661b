package dev.orchestrator.apiserver.internal.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The controllers' own roles and the narrowed controller manager, decided by the real authorizer from the bootstrap
 * policy: what each controller does with its client is allowed, what it has no business doing is not.
 */
class ControllerRolesTest {

    private static final String MANAGER = "system:kube-controller-manager";
    private static final List<String> ACCOUNTS = List.of("replicaset-controller", "deployment-controller",
            "job-controller", "cronjob-controller", "horizontal-pod-autoscaler", "disruption-controller",
            "endpointslice-controller", "generic-garbage-collector", "event-ttl-controller", "namespace-controller",
            "service-account-controller", "node-controller", "taint-eviction-controller", "pod-garbage-collector",
            "resourcequota-controller", "clusterrole-aggregation-controller", "root-ca-cert-publisher",
            "certificate-controller", "daemon-set-controller", "statefulset-controller",
            "persistent-volume-binder", "pvc-protection-controller", "pv-protection-controller");

    private RbacAuthorizer authorizer;

    @BeforeEach
    void setUp() {
        RbacIndex index = new RbacIndex();
        BootstrapPolicy.clusterRoles().forEach(r -> index.put(RbacIndex.Kind.CLUSTER_ROLE, name(r), r));
        BootstrapPolicy.clusterRoleBindings().forEach(b -> index.put(RbacIndex.Kind.CLUSTER_ROLE_BINDING, name(b), b));
        authorizer = new RbacAuthorizer(index);
    }

    /**
     * A request written {@code verb group resource[/subresource] namespace name} ({@code core} for the core group,
     * {@code -} for an empty part) by a controller's account, or by the controller manager's user.
     */
    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "replicaset-controller; create core pods web -; true",
            "replicaset-controller; delete core pods web web-1; true",
            "replicaset-controller; patch core pods web web-1; true",
            "replicaset-controller; get apps replicasets web rs; true",
            "replicaset-controller; update apps replicasets/status web rs; true",
            "replicaset-controller; create core secrets web -; false",
            "replicaset-controller; create apps deployments web -; false",
            "replicaset-controller; update apps replicasets web rs; false",
            "pvc-protection-controller; patch core persistentvolumeclaims web data; true",
            "pvc-protection-controller; list core pods web -; true",
            "pvc-protection-controller; delete core persistentvolumeclaims web data; false",
            "pv-protection-controller; patch core persistentvolumes - pv-1; true",
            "pv-protection-controller; get core persistentvolumeclaims web data; true",
            "pv-protection-controller; delete core persistentvolumes - pv-1; false",
            "daemon-set-controller; create core pods web -; true",
            "daemon-set-controller; update apps daemonsets/status web ds; true",
            "daemon-set-controller; create apps controllerrevisions web -; true",
            "daemon-set-controller; update apps daemonsets web ds; false",
            "statefulset-controller; get core pods web web-0; true",
            "statefulset-controller; update apps statefulsets/status web db; true",
            "statefulset-controller; delete apps controllerrevisions web db-1; true",
            "statefulset-controller; update apps statefulsets web db; false",
            "deployment-controller; create apps replicasets web -; true",
            "deployment-controller; update apps replicasets web rs; true",
            "deployment-controller; patch apps replicasets web rs; true",
            "deployment-controller; delete apps replicasets web rs; true",
            "deployment-controller; patch apps deployments web d; true",
            "deployment-controller; update apps deployments/status web d; true",
            "deployment-controller; create core pods web -; false",
            "deployment-controller; delete apps deployments web d; false",
            "job-controller; create core pods web -; true",
            "job-controller; patch core pods web p; true",
            "job-controller; update batch jobs/status web j; true",
            "job-controller; delete batch jobs web j; true",
            "job-controller; create batch jobs web -; false",
            "job-controller; create core secrets web -; false",
            "cronjob-controller; create batch jobs web -; true",
            "cronjob-controller; get batch jobs web j; true",
            "cronjob-controller; delete batch jobs web j; true",
            "cronjob-controller; update batch cronjobs/status web c; true",
            "cronjob-controller; update batch cronjobs web c; false",
            "cronjob-controller; create core pods web -; false",
            "horizontal-pod-autoscaler; get apps deployments/scale web d; true",
            "horizontal-pod-autoscaler; update apps deployments/scale web d; true",
            "horizontal-pod-autoscaler; update example.com widgets/scale web w; true",
            "horizontal-pod-autoscaler; list metrics.k8s.io pods web -; true",
            "horizontal-pod-autoscaler; update autoscaling horizontalpodautoscalers/status web h; true",
            "horizontal-pod-autoscaler; update apps deployments web d; false",
            "horizontal-pod-autoscaler; delete core pods web p; false",
            "disruption-controller; update policy poddisruptionbudgets/status web b; true",
            "disruption-controller; update policy poddisruptionbudgets web b; false",
            "disruption-controller; create core pods/eviction web p; false",
            "endpointslice-controller; create discovery.k8s.io endpointslices web -; true",
            "endpointslice-controller; update discovery.k8s.io endpointslices web s; true",
            "endpointslice-controller; delete discovery.k8s.io endpointslices web s; true",
            "endpointslice-controller; create core endpoints web -; true",
            "endpointslice-controller; update core endpoints web e; true",
            "endpointslice-controller; delete core endpoints web e; true",
            "endpointslice-controller; update core services web s; false",
            "endpointslice-controller; create core pods web -; false",
            "generic-garbage-collector; get example.com widgets web w; true",
            "generic-garbage-collector; patch example.com widgets web w; true",
            "generic-garbage-collector; delete apps replicasets web rs; true",
            "generic-garbage-collector; create core pods web -; false",
            "generic-garbage-collector; update core secrets web s; false",
            "event-ttl-controller; delete core events web e; true",
            "event-ttl-controller; delete events.k8s.io events web e; true",
            "event-ttl-controller; delete core pods web p; false",
            "namespace-controller; list example.com widgets web -; true",
            "namespace-controller; delete core secrets web s; true",
            "namespace-controller; update core namespaces/status - web; true",
            "namespace-controller; update core namespaces/finalize - web; true",
            "namespace-controller; get core secrets web s; false",
            "namespace-controller; create core pods web -; false",
            "service-account-controller; create core serviceaccounts web -; true",
            "service-account-controller; create core serviceaccounts/token web default; false",
            "service-account-controller; create core secrets web -; false",
            "node-controller; update core nodes - n1; true",
            "node-controller; patch core nodes - n1; true",
            "node-controller; update core nodes/status - n1; true",
            "node-controller; patch core pods/status web p; true",
            // fabric8's patch by name reads the object first
            "node-controller; get core nodes - n1; true",
            "node-controller; get core pods web p; true",
            "taint-eviction-controller; get core pods web p; true",
            "pod-garbage-collector; get core pods web p; true",
            "node-controller; delete core nodes - n1; false",
            "node-controller; delete core pods web p; false",
            "taint-eviction-controller; delete core pods web p; true",
            "taint-eviction-controller; patch core pods/status web p; true",
            "taint-eviction-controller; update core nodes - n1; false",
            "pod-garbage-collector; get core nodes - n1; true",
            "pod-garbage-collector; delete core pods web p; true",
            "pod-garbage-collector; patch core pods/status web p; true",
            "pod-garbage-collector; delete core nodes - n1; false",
            "resourcequota-controller; list example.com widgets web -; true",
            "resourcequota-controller; list core pods web -; true",
            "resourcequota-controller; update core resourcequotas/status web q; true",
            "resourcequota-controller; update core resourcequotas web q; false",
            "resourcequota-controller; get core secrets web s; false",
            "clusterrole-aggregation-controller; update rbac.authorization.k8s.io clusterroles - admin; true",
            "clusterrole-aggregation-controller; escalate rbac.authorization.k8s.io clusterroles - admin; true",
            "clusterrole-aggregation-controller; bind rbac.authorization.k8s.io clusterroles - admin; false",
            "clusterrole-aggregation-controller; update rbac.authorization.k8s.io clusterrolebindings - admin; false",
            "root-ca-cert-publisher; create core configmaps web -; true",
            "root-ca-cert-publisher; update core configmaps web kube-root-ca.crt; true",
            "root-ca-cert-publisher; create core secrets web -; false",
            "certificate-controller; get certificates.k8s.io certificatesigningrequests - csr; true",
            "certificate-controller; update certificates.k8s.io certificatesigningrequests/approval - csr; true",
            "certificate-controller; update certificates.k8s.io certificatesigningrequests/status - csr; true",
            "certificate-controller; create authorization.k8s.io subjectaccessreviews - -; true",
            "certificate-controller; approve certificates.k8s.io signers - kubernetes.io/kube-apiserver-client-kubelet; true",
            "certificate-controller; approve certificates.k8s.io signers - kubernetes.io/kube-apiserver-client; false",
            "certificate-controller; update certificates.k8s.io certificatesigningrequests - csr; false",
            "certificate-controller; delete certificates.k8s.io certificatesigningrequests - csr; false",
            "system:kube-controller-manager; list core secrets - -; true",
            "system:kube-controller-manager; watch example.com widgets - -; true",
            "system:kube-controller-manager; create core serviceaccounts kube-system -; true",
            "system:kube-controller-manager; create core serviceaccounts/token kube-system job-controller; true",
            "system:kube-controller-manager; update coordination.k8s.io leases kube-system orchestrator-controllers; true",
            "system:kube-controller-manager; patch coordination.k8s.io leases kube-system orchestrator-controllers; true",
            "system:kube-controller-manager; patch core events web e; true",
            "system:kube-controller-manager; create events.k8s.io events web -; true",
            "system:kube-controller-manager; create authentication.k8s.io tokenreviews - -; true",
            "system:kube-controller-manager; create core pods web -; false",
            "system:kube-controller-manager; delete core nodes - n1; false",
            "system:kube-controller-manager; update core secrets web s; false",
            "system:kube-controller-manager; create core secrets web -; false",
            "system:kube-controller-manager; update rbac.authorization.k8s.io clusterroles - admin; false",
    })
    void decides(String who, String request, boolean allowed) {
        assertEquals(allowed, authorizer.authorize(user(who), request(request)).allowed());
    }

    @Test
    void everyControllerMayWriteEventsInBothGroups() {
        for (String account : ACCOUNTS) {
            for (String group : List.of("", "events.k8s.io")) {
                for (String verb : List.of("create", "patch", "update")) {
                    assertTrue(authorizer.authorize(user(account), RequestAttributes.resource(verb, group, "v1",
                            "events", "", "web", "e")).allowed(), account + " " + verb + " events in '" + group + "'");
                }
                // deleting them is the expiry's, and of those that delete every kind
                boolean deletes = Set.of("event-ttl-controller", "generic-garbage-collector", "namespace-controller")
                        .contains(account);
                assertEquals(deletes, authorizer.authorize(user(account), RequestAttributes.resource("delete", group,
                        "v1", "events", "", "web", "e")).allowed(), account + " delete events in '" + group + "'");
            }
        }
    }

    @Test
    void eachAccountIsBoundToItsRoleAsAServiceAccountOfKubeSystem() {
        Set<String> roles = ControllerRoles.clusterRoles().stream().map(ControllerRolesTest::name)
                .collect(Collectors.toSet());
        assertEquals(ACCOUNTS.stream().map(a -> "system:controller:" + a).collect(Collectors.toSet()), roles);
        Map<String, ObjectNode> bindings = ControllerRoles.clusterRoleBindings().stream()
                .collect(Collectors.toMap(ControllerRolesTest::name, b -> b));
        assertEquals(roles, bindings.keySet());
        for (String account : ACCOUNTS) {
            ObjectNode binding = bindings.get("system:controller:" + account);
            assertEquals("system:controller:" + account, binding.path("roleRef").path("name").asText());
            assertEquals(1, binding.path("subjects").size());
            JsonNode subject = binding.path("subjects").get(0);
            assertEquals("ServiceAccount", subject.path("kind").asText());
            assertEquals("", subject.path("apiGroup").asText("missing"));
            assertEquals(account, subject.path("name").asText());
            assertEquals("kube-system", subject.path("namespace").asText());
        }
    }

    @Test
    void userAndGroupSubjectsKeepTheirForm() {
        JsonNode subject = BootstrapPolicy.binding("x", "User:system:kube-scheduler").path("subjects").get(0);
        assertEquals("User", subject.path("kind").asText());
        assertEquals("system:kube-scheduler", subject.path("name").asText());
        assertEquals("rbac.authorization.k8s.io", subject.path("apiGroup").asText());
        assertFalse(subject.has("namespace"));
        assertEquals("Group", BootstrapPolicy.binding("x", "Group:system:nodes").path("subjects").get(0)
                .path("kind").asText());
    }

    @Test
    void theSameNameInAnotherNamespaceIsNobody() {
        UserInfo impostor = new UserInfo("system:serviceaccount:default:replicaset-controller", "",
                List.of("system:serviceaccounts", "system:serviceaccounts:default", UserInfo.AUTHENTICATED), Map.of());
        assertTrue(authorizer.authorize(user("replicaset-controller"), request("create core pods web -")).allowed());
        assertFalse(authorizer.authorize(impostor, request("create core pods web -")).allowed());
    }

    @Test
    void discoveryComesFromSystemDiscovery() {
        // the HPA, the garbage collector and the namespace controller resolve kinds through discovery
        assertTrue(authorizer.authorize(user("horizontal-pod-autoscaler"),
                RequestAttributes.nonResource("get", "/apis/apps/v1")).allowed());
        assertTrue(authorizer.authorize(user("namespace-controller"),
                RequestAttributes.nonResource("get", "/api/v1")).allowed());
    }

    private static UserInfo user(String who) {
        if (who.equals(MANAGER)) {
            return new UserInfo(MANAGER, "", List.of(UserInfo.AUTHENTICATED), Map.of());
        }
        return new UserInfo("system:serviceaccount:kube-system:" + who, "",
                List.of("system:serviceaccounts", "system:serviceaccounts:kube-system", UserInfo.AUTHENTICATED), Map.of());
    }

    private static RequestAttributes request(String text) {
        String[] p = text.split(" ");
        String group = p[1].equals("core") ? "" : p[1];
        String[] resource = p[2].split("/", 2);
        return RequestAttributes.resource(p[0], group, "v1", resource[0], resource.length > 1 ? resource[1] : "",
                dash(p[3]), dash(p[4]));
    }

    private static String dash(String part) {
        return part.equals("-") ? "" : part;
    }

    private static String name(ObjectNode o) {
        return o.path("metadata").path("name").asText();
    }
}
