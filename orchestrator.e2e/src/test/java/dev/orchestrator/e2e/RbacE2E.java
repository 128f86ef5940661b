package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * RBAC with the real kubectl and fabric8 against one all-in-one as {@code ./orch up} starts it (HTTPS,
 * authentication) with its controllers (ClusterRole aggregation fills view, edit and admin). The admin (in
 * system:masters) acts as other users by impersonation ({@code kubectl --as}), and alice also with a certificate
 * of her own from {@code ./orch kubeconfig}: a user {@code alice} bound
 * to {@code view} in namespace {@code rbac-a} reads there, may not write there nor read in {@code rbac-b}, and
 * {@code kubectl auth can-i} says so; as {@code admin} of {@code rbac-c} she cannot grant more than she holds;
 * a ClusterRole labeled aggregate-to-view adds its rules to view; a SubjectAccessReview answers through fabric8;
 * a ServiceAccount's token (TokenRequest) is held to the ServiceAccount's RoleBinding.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RbacE2E {

    private AllInOne cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = AllInOne.startSecured(java.util.Map.of(), null); // the admin certificate is in system:masters
        for (String ns : new String[] {"rbac-a", "rbac-b", "rbac-c"}) {
            ok(null, "create", "namespace", ns);
        }
        ok(null, "create", "rolebinding", "alice-view", "--clusterrole=view", "--user=alice", "-n", "rbac-a");
        ok(null, "create", "rolebinding", "alice-admin", "--clusterrole=admin", "--user=alice", "-n", "rbac-c");
        // view is aggregated by the controller and the binding reaches the authorizer through its watch
        Eventually.until("alice may list pods in rbac-a", 60,
                () -> cluster.kubectl("--as", "alice", "get", "pods", "-n", "rbac-a"), r -> r.exit() == 0);
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private AllInOne.Result ok(String stdin, String... args) throws Exception {
        AllInOne.Result r = cluster.kubectlWithInput(stdin, args);
        assertEquals(0, r.exit(), () -> "kubectl " + String.join(" ", args) + " failed:\n" + r.all());
        return r;
    }

    private AllInOne.Result fails(String stdin, String... args) throws Exception {
        AllInOne.Result r = cluster.kubectlWithInput(stdin, args);
        assertNotEquals(0, r.exit(), () -> "kubectl " + String.join(" ", args) + " should have failed:\n" + r.all());
        return r;
    }

    @Test
    void aViewerReadsHerNamespaceButWritesNothingAndSeesNothingElsewhere() throws Exception {
        ok(null, "create", "configmap", "settings", "--from-literal=color=blue", "-n", "rbac-a");
        assertEquals("blue", ok(null, "--as", "alice", "get", "configmap", "settings", "-n", "rbac-a", "-o",
                "jsonpath={.data.color}").out());
        String denied = fails(null, "--as", "alice", "run", "web", "--image=busybox", "-n", "rbac-a").err();
        assertTrue(denied.contains("pods is forbidden: User \"alice\" cannot create resource \"pods\" in API group \"\" "
                + "in the namespace \"rbac-a\""), denied);
        denied = fails(null, "--as", "alice", "get", "pods", "-n", "rbac-b").err();
        assertTrue(denied.contains("Error from server (Forbidden): pods is forbidden: User \"alice\" cannot list "
                + "resource \"pods\" in API group \"\" in the namespace \"rbac-b\""), denied);
        denied = fails(null, "--as", "alice", "get", "nodes").err();
        assertTrue(denied.contains("User \"alice\" cannot list resource \"nodes\" in API group \"\" at the cluster "
                + "scope"), denied);
    }

    @Test
    void aKubeletReadsOnlyWhatThePodsOfItsNodeUse() throws Exception {
        AllInOne.Result made = AllInOne.orch("kubeconfig", "--data-dir", cluster.dir().toString(), "--user",
                "system:node:node-a", "--group", "system:nodes");
        assertEquals(0, made.exit(), made.all());
        java.nio.file.Path kubelet = cluster.dir().resolve("node-a.kubeconfig");
        java.nio.file.Files.writeString(kubelet, made.out().substring(made.out().indexOf("apiVersion:")));
        ok(null, "create", "secret", "generic", "used", "--from-literal=k=v", "-n", "rbac-b");
        ok(null, "create", "secret", "generic", "unused", "--from-literal=k=v", "-n", "rbac-b");
        ok(null, "create", "configmap", "mounted", "--from-literal=k=v", "-n", "rbac-b");
        ok(null, "create", "serviceaccount", "runner", "-n", "rbac-b");
        ok("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"on-node-a","namespace":"rbac-b"},
                 "spec":{"nodeName":"node-a","serviceAccountName":"runner",
                   "volumes":[{"name":"c","configMap":{"name":"mounted"}}],
                   "containers":[{"name":"c","image":"registry.invalid/x:1",
                     "env":[{"name":"K","valueFrom":{"secretKeyRef":{"name":"used","key":"k"}}}]}]}}
                """, "create", "-f", "-");
        assertEquals("v", new String(java.util.Base64.getDecoder().decode(ok(null, "--kubeconfig=" + kubelet, "get", "secret",
                "used", "-n", "rbac-b", "-o", "jsonpath={.data.k}").out())));
        ok(null, "--kubeconfig=" + kubelet, "get", "configmap", "mounted", "-n", "rbac-b");
        ok(null, "--kubeconfig=" + kubelet, "create", "token", "runner", "-n", "rbac-b");
        String denied = fails(null, "--kubeconfig=" + kubelet, "get", "secret", "unused", "-n", "rbac-b").err();
        assertTrue(denied.contains("secrets \"unused\" is forbidden: User \"system:node:node-a\" cannot get resource "
                + "\"secrets\" in API group \"\" in the namespace \"rbac-b\": no relationship found between node "
                + "'node-a' and this object"), denied);
        fails(null, "--kubeconfig=" + kubelet, "get", "secrets", "-n", "rbac-b");
        fails(null, "--kubeconfig=" + kubelet, "create", "token", "default", "-n", "rbac-b");
        // another node's kubelet gets nothing of node-a's pods
        AllInOne.Result other = AllInOne.orch("kubeconfig", "--data-dir", cluster.dir().toString(), "--user",
                "system:node:node-b", "--group", "system:nodes");
        java.nio.file.Path otherKubelet = cluster.dir().resolve("node-b.kubeconfig");
        java.nio.file.Files.writeString(otherKubelet, other.out().substring(other.out().indexOf("apiVersion:")));
        fails(null, "--kubeconfig=" + otherKubelet, "get", "secret", "used", "-n", "rbac-b");
        // the kubelet still reads and writes what RBAC's system:node role gives it
        ok(null, "--kubeconfig=" + kubelet, "get", "pods", "-n", "rbac-b");
    }

    @Test
    void aUserWithHerOwnCertificateIsHeldToHerBindings() throws Exception {
        AllInOne.Result made = AllInOne.orch("kubeconfig", "--data-dir", cluster.dir().toString(), "--user", "alice");
        assertEquals(0, made.exit(), made.all());
        java.nio.file.Path alice = cluster.dir().resolve("alice.kubeconfig");
        java.nio.file.Files.writeString(alice, made.out().substring(made.out().indexOf("apiVersion:")));
        ok(null, "--kubeconfig=" + alice, "get", "pods", "-n", "rbac-a");
        String denied = fails(null, "--kubeconfig=" + alice, "create", "configmap", "mine", "-n", "rbac-a").err();
        assertTrue(denied.contains("configmaps is forbidden: User \"alice\" cannot create resource \"configmaps\" in "
                + "API group \"\" in the namespace \"rbac-a\""), denied);
        denied = fails(null, "--kubeconfig=" + alice, "get", "pods", "-n", "rbac-a", "--as", "bob").err();
        assertTrue(denied.contains("users \"bob\" is forbidden: User \"alice\" cannot impersonate resource \"users\" "
                + "in API group \"\" at the cluster scope"), denied);
    }

    @Test
    void aServiceAccountTokenIsHeldToTheServiceAccountsBindings() throws Exception {
        ok(null, "create", "serviceaccount", "robot", "-n", "rbac-b");
        ok(null, "create", "rolebinding", "robot-view", "--clusterrole=view", "--serviceaccount=rbac-b:robot",
                "-n", "rbac-b");
        String token = ok(null, "create", "token", "robot", "-n", "rbac-b").out().trim();
        java.nio.file.Path robot = cluster.dir().resolve("robot.kubeconfig");
        java.nio.file.Files.writeString(robot, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: e2e
                  cluster: {server: "%s", certificate-authority: "%s"}
                contexts:
                - name: e2e
                  context: {cluster: e2e, user: robot}
                current-context: e2e
                users:
                - name: robot
                  user: {token: "%s"}
                """.formatted(cluster.url(), cluster.dir().resolve("pki/ca.crt"), token));
        Eventually.until("the ServiceAccount may list pods in rbac-b", 30, () -> cluster.kubectl("--kubeconfig=" + robot,
                "get", "pods", "-n", "rbac-b"), r -> r.exit() == 0);
        String denied = fails(null, "--kubeconfig=" + robot, "get", "pods", "-n", "rbac-a").err();
        assertTrue(denied.contains("pods is forbidden: User \"system:serviceaccount:rbac-b:robot\" cannot list resource "
                + "\"pods\" in API group \"\" in the namespace \"rbac-a\""), denied);
    }

    @Test
    void aForbiddenStatusCarriesTheReasonAndDetails() throws Exception {
        try (KubernetesClient alice = clientAs("alice")) {
            KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> alice.configMaps()
                    .inNamespace("rbac-a").resource(new ConfigMapBuilder().withNewMetadata().withName("x")
                            .endMetadata().build()).create());
            assertEquals(403, e.getCode());
            assertEquals("Forbidden", e.getStatus().getReason());
            assertEquals("configmaps", e.getStatus().getDetails().getKind());
            assertNull(alice.configMaps().inNamespace("rbac-a").withName("absent").get(), "reading is allowed");
        }
    }

    @Test
    void metricsAreReadWithGetOnTheNonResourceUrl() throws Exception {
        String metrics = ok(null, "get", "--raw", "/metrics").out(); // the admin: cluster-admin holds every URL
        assertTrue(metrics.contains("apiserver_request_total{"), metrics);
        String denied = fails(null, "--as", "carol", "get", "--raw", "/metrics").err();
        assertTrue(denied.contains("(Forbidden)") && denied.contains("User \"carol\" cannot get path \"/metrics\""),
                denied);
        ok(null, "create", "clusterrole", "metrics-reader", "--verb=get", "--non-resource-url=/metrics");
        ok(null, "create", "clusterrolebinding", "carol-metrics", "--clusterrole=metrics-reader", "--user=carol");
        AllInOne.Result allowed = Eventually.until("carol may read /metrics", 60,
                () -> cluster.kubectl("--as", "carol", "get", "--raw", "/metrics"), r -> r.exit() == 0);
        assertTrue(allowed.out().contains("# TYPE apiserver_request_total counter"), allowed.out());
    }

    @Test
    void canIAnswersForTheUser() throws Exception {
        assertEquals("yes", ok(null, "auth", "can-i", "get", "pods", "--as", "alice", "-n", "rbac-a").out().trim());
        AllInOne.Result no = cluster.kubectl("auth", "can-i", "create", "pods", "--as", "alice", "-n", "rbac-a");
        assertEquals(1, no.exit(), no.all());
        assertEquals("no", no.out().trim());
        assertEquals("no", cluster.kubectl("auth", "can-i", "get", "pods", "--as", "alice", "-n", "rbac-b").out().trim());

        String list = ok(null, "auth", "can-i", "--list", "--as", "alice", "-n", "rbac-a").out();
        assertTrue(list.lines().anyMatch(l -> l.startsWith("pods ") && l.contains("[get list watch]")), list);
        assertTrue(list.lines().anyMatch(l -> l.startsWith("selfsubjectaccessreviews.authorization.k8s.io")
                && l.contains("[create]")), list);
        assertTrue(list.lines().anyMatch(l -> l.contains("[/api/*]") && l.contains("[get]")), list);
        String elsewhere = ok(null, "auth", "can-i", "--list", "--as", "alice", "-n", "rbac-b").out();
        assertFalse(elsewhere.lines().anyMatch(l -> l.startsWith("pods ")), elsewhere);
    }

    @Test
    void anAdminCannotGrantWhatSheDoesNotHold() throws Exception {
        Eventually.until("alice is admin of rbac-c", 60, () -> cluster.kubectl("auth", "can-i", "create", "roles",
                "--as", "alice", "-n", "rbac-c").out().trim(), "yes"::equals);
        // admin holds the secrets verbs one by one, not "*"
        String denied = fails(null, "--as", "alice", "create", "role", "all-secrets", "--verb=*", "--resource=secrets",
                "-n", "rbac-c").err();
        assertTrue(denied.contains("roles.rbac.authorization.k8s.io \"all-secrets\" is forbidden: user \"alice\" "
                + "(groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:"), denied);
        assertTrue(denied.contains("{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"*\"]}"), denied);
        denied = fails(null, "--as", "alice", "create", "rolebinding", "root", "--clusterrole=cluster-admin",
                "--user=alice", "-n", "rbac-c").err();
        assertTrue(denied.contains("rolebindings.rbac.authorization.k8s.io \"root\" is forbidden"), denied);
        // what she holds she may grant
        ok(null, "--as", "alice", "create", "role", "pod-reader", "--verb=get,list", "--resource=pods", "-n", "rbac-c");
        ok(null, "--as", "alice", "create", "rolebinding", "bob-reads", "--role=pod-reader", "--user=bob", "-n", "rbac-c");
        String bindings = ok(null, "get", "rolebindings", "-n", "rbac-c").out();
        assertTrue(bindings.lines().findFirst().orElse("").matches("NAME\\s+ROLE\\s+AGE"), bindings);
        assertTrue(bindings.contains("Role/pod-reader"), bindings);
    }

    @Test
    void aClusterRoleLabeledForViewAddsItsRulesToView() throws Exception {
        ok("""
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: widget-viewer
                  labels:
                    rbac.authorization.k8s.io/aggregate-to-view: "true"
                rules:
                - apiGroups: ["example.com"]
                  resources: ["widgets"]
                  verbs: ["get", "list", "watch"]
                """, "apply", "-f", "-");
        Eventually.until("view gathers widgets", 60, () -> ok(null, "get", "clusterrole", "view", "-o",
                "jsonpath={.rules[*].resources}").out(), out -> out.contains("widgets"));
        try (KubernetesClient client = cluster.fabric8Client()) {
            SubjectAccessReview widgets = new SubjectAccessReviewBuilder().withNewSpec().withUser("alice")
                    .withNewResourceAttributes().withNamespace("rbac-a").withVerb("list").withGroup("example.com")
                    .withResource("widgets").endResourceAttributes().endSpec().build();
            Eventually.until("alice may list widgets in rbac-a", 30, () -> client.authorization().v1()
                    .subjectAccessReview().create(widgets).getStatus().getAllowed(), Boolean.TRUE::equals);
        }
        Eventually.until("admin gathers widgets through edit", 60, () -> ok(null, "get", "clusterrole", "admin", "-o",
                "jsonpath={.rules[*].resources}").out(), out -> out.contains("widgets"));
    }

    @Test
    void subjectAccessReviewsThroughFabric8() throws Exception {
        try (KubernetesClient client = cluster.fabric8Client()) {
            SubjectAccessReview allowed = client.authorization().v1().subjectAccessReview().create(review("get"));
            assertTrue(allowed.getStatus().getAllowed(), allowed.toString());
            assertTrue(allowed.getStatus().getReason().contains("RoleBinding \"alice-view/rbac-a\""),
                    allowed.getStatus().getReason());
            assertFalse(client.authorization().v1().subjectAccessReview().create(review("delete")).getStatus()
                    .getAllowed());
        }
    }

    private static SubjectAccessReview review(String verb) {
        return new SubjectAccessReviewBuilder().withNewSpec().withUser("alice").withGroups("system:authenticated")
                .withNewResourceAttributes().withNamespace("rbac-a").withVerb(verb).withResource("pods")
                .endResourceAttributes().endSpec().build();
    }

    private KubernetesClient clientAs(String user) {
        try (KubernetesClient base = cluster.fabric8Client()) {
            io.fabric8.kubernetes.client.Config config = new io.fabric8.kubernetes.client.ConfigBuilder(
                    base.getConfiguration()).withImpersonateUsername(user).build();
            return new KubernetesClientBuilder().withConfig(config)
                    .withHttpClientFactory(new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory()).build();
        }
    }
}
