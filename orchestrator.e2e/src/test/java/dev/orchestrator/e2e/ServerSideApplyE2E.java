package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Server-side apply with the real kubectl and fabric8 against one all-in-one without controllers
 * (nothing else writes the objects): create and update, managedFields, conflicts between managers
 * and their 409, --force-conflicts, migration from client-side apply, diff, dry run.
 * Each test works in its own namespace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServerSideApplyE2E {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web}
            spec:
              replicas: %d
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: busybox:1.36
                    ports:
                    - containerPort: 80
            """;

    private static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              color: %s
            """;

    private AllInOne cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = AllInOne.startWith(AllInOne.withoutControllers(Map.of()));
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

    private String namespace(String name) throws Exception {
        ok(null, "create", "namespace", name);
        return name;
    }

    @Test
    void applyCreatesAndUpdatesAndRecordsManagedFields() throws Exception {
        String ns = namespace("ssa-create");
        String created = ok(DEPLOYMENT.formatted(2), "apply", "--server-side", "-n", ns, "-f", "-").out();
        assertTrue(created.contains("deployment.apps/web serverside-applied"), created);
        ok(DEPLOYMENT.formatted(3), "apply", "--server-side", "-n", ns, "-f", "-");
        assertEquals("3", ok(null, "get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}").out());
        String yaml = ok(null, "get", "deploy", "web", "-n", ns, "-o", "yaml", "--show-managed-fields").out();
        assertTrue(yaml.contains("manager: kubectl") && yaml.contains("operation: Apply"), yaml);
        assertTrue(yaml.contains("f:replicas: {}") && yaml.contains("k:{\"name\":\"web\"}:")
                && yaml.contains("k:{\"containerPort\":80,\"protocol\":\"TCP\"}:"), yaml);
        String plain = ok(null, "get", "deploy", "web", "-n", ns, "-o", "yaml").out();
        assertTrue(!plain.contains("managedFields"), "kubectl hides managedFields unless asked:\n" + plain);
        // the dry run changes nothing
        ok(DEPLOYMENT.formatted(5), "apply", "--server-side", "--dry-run=server", "-n", ns, "-f", "-");
        assertEquals("3", ok(null, "get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}").out());
    }

    @Test
    void secondManagerConflictsUntilItForcesTheField() throws Exception {
        String ns = namespace("ssa-conflict");
        ok(CONFIG_MAP.formatted("blue"), "apply", "--server-side", "--field-manager=alice", "-n", ns, "-f", "-");
        // the same value: shared, no conflict
        ok(CONFIG_MAP.formatted("blue"), "apply", "--server-side", "--field-manager=bob", "-n", ns, "-f", "-");
        ok(null, "patch", "configmap", "settings", "-n", ns, "--type=merge", "-p", "{\"data\":{\"color\":\"red\"}}",
                "--field-manager=carol");
        String refused = fails(CONFIG_MAP.formatted("green"), "apply", "--server-side", "--field-manager=alice",
                "-n", ns, "-f", "-").err();
        assertTrue(refused.contains("Apply failed with 1 conflict: conflict with \"carol\" using v1: .data.color"),
                refused);
        ok(CONFIG_MAP.formatted("green"), "apply", "--server-side", "--force-conflicts", "--field-manager=alice",
                "-n", ns, "-f", "-");
        assertEquals("green", ok(null, "get", "cm", "settings", "-n", ns, "-o", "jsonpath={.data.color}").out());
        String managers = ok(null, "get", "cm", "settings", "-n", ns, "--show-managed-fields", "-o",
                "jsonpath={.metadata.managedFields[*].manager}").out();
        assertEquals("alice", managers, "carol lost the field, bob's shared value changed under him");
    }

    @Test
    void clientSideApplyManagerConflictsWithAnotherManager() throws Exception {
        String ns = namespace("ssa-csa-conflict");
        ok(DEPLOYMENT.formatted(2), "apply", "-n", ns, "-f", "-");
        String refused = fails(DEPLOYMENT.formatted(4), "apply", "--server-side", "--field-manager=deployer",
                "-n", ns, "-f", "-").err();
        assertTrue(refused.contains("conflict with \"kubectl-client-side-apply\" using apps/v1")
                && refused.contains(".spec.replicas"), refused);
    }

    @Test
    void clientSideAppliedObjectMigratesToServerSideApply() throws Exception {
        String ns = namespace("ssa-migrate");
        ok(DEPLOYMENT.formatted(2), "apply", "-n", ns, "-f", "-");
        ok(DEPLOYMENT.formatted(2), "apply", "--server-side", "-n", ns, "-f", "-");
        ok(DEPLOYMENT.formatted(3), "apply", "--server-side", "-n", ns, "-f", "-");
        assertEquals("3", ok(null, "get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}").out());
        String lastApplied = ok(null, "get", "deploy", "web", "-n", ns, "-o",
                "jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}").out();
        assertTrue(lastApplied.contains("\"replicas\":3"), lastApplied);
        // and back: a client-side apply computes its patch from the current annotation
        ok(DEPLOYMENT.formatted(2), "apply", "-n", ns, "-f", "-");
        assertEquals("2", ok(null, "get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}").out());
    }

    @Test
    void diffServerSideShowsWhatAnApplyWouldChange() throws Exception {
        String ns = namespace("ssa-diff");
        ok(DEPLOYMENT.formatted(2), "apply", "--server-side", "-n", ns, "-f", "-");
        assertEquals(0, cluster.kubectlWithInput(DEPLOYMENT.formatted(2), "diff", "--server-side", "-n", ns, "-f", "-")
                .exit(), "no difference");
        AllInOne.Result diff = cluster.kubectlWithInput(DEPLOYMENT.formatted(6), "diff", "--server-side", "-n", ns,
                "-f", "-");
        assertEquals(1, diff.exit(), diff.all());
        assertTrue(diff.out().contains("-  replicas: 2") && diff.out().contains("+  replicas: 6"), diff.out());
        assertEquals("2", ok(null, "get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}").out());
        // a client-side diff sends "annotations":{}, which Kubernetes does not keep: the one change is all it shows
        AllInOne.Result clientSide = cluster.kubectlWithInput(DEPLOYMENT.formatted(6), "diff", "-n", ns, "-f", "-");
        assertEquals(1, clientSide.exit(), clientSide.all());
        assertTrue(clientSide.out().contains("+  replicas: 6") && !clientSide.out().contains("annotations"),
                clientSide.out());
    }

    @Test
    void fieldManagerLongerThan128IsRefused() throws Exception {
        String ns = namespace("ssa-bad");
        String refused = fails(CONFIG_MAP.formatted("blue"), "apply", "--server-side",
                "--field-manager=" + "m".repeat(129), "-n", ns, "-f", "-").err();
        assertTrue(refused.contains("fieldManager: Too long"), refused);
    }

    @Test
    void fabric8ServerSideApplyCreatesUpdatesAndConflicts() throws Exception {
        String ns = namespace("ssa-fabric8");
        try (KubernetesClient client = cluster.fabric8Client()) {
            ConfigMap first = new ConfigMapBuilder().withNewMetadata().withName("f8").endMetadata()
                    .addToData("size", "1").build();
            client.configMaps().inNamespace(ns).resource(first).serverSideApply();
            ConfigMap second = new ConfigMapBuilder().withNewMetadata().withName("f8").endMetadata()
                    .addToData("size", "2").addToData("shape", "round").build();
            ConfigMap applied = client.configMaps().inNamespace(ns).resource(second).serverSideApply();
            assertEquals(Map.of("size", "2", "shape", "round"), applied.getData());
            ManagedFieldsEntry entry = applied.getMetadata().getManagedFields().get(0);
            assertEquals("Apply", entry.getOperation());
            assertEquals("fabric8", entry.getManager());
            ok(null, "patch", "configmap", "f8", "-n", ns, "--type=merge", "-p", "{\"data\":{\"size\":\"9\"}}");
            ConfigMap third = new ConfigMapBuilder().withNewMetadata().withName("f8").endMetadata()
                    .addToData("size", "3").build();
            KubernetesClientException e = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
                    () -> client.configMaps().inNamespace(ns).resource(third).fieldManager("fabric8").serverSideApply());
            assertEquals(409, e.getCode());
            assertTrue(e.getStatus().getMessage().contains("conflict with \"kubectl-patch\" using v1: .data.size"),
                    e.getStatus().getMessage());
            ConfigMap forced = client.configMaps().inNamespace(ns).resource(third).forceConflicts().serverSideApply();
            assertEquals(Map.of("size", "3"), forced.getData(), "shape is no longer applied and no one else owns it");
        }
    }

    @Test
    void scaleTakesReplicasFromTheApplier() throws Exception {
        String ns = namespace("ssa-scale");
        ok(DEPLOYMENT.formatted(2), "apply", "--server-side", "-n", ns, "-f", "-");
        ok(null, "scale", "deploy", "web", "-n", ns, "--replicas=4");
        String refused = fails(DEPLOYMENT.formatted(2), "apply", "--server-side", "-n", ns, "-f", "-").err();
        assertTrue(refused.contains("Apply failed with 1 conflict: conflict with \"kubectl") && refused.contains(
                ".spec.replicas"), refused);
        String yaml = ok(null, "get", "deploy", "web", "-n", ns, "-o", "yaml", "--show-managed-fields").out();
        assertTrue(yaml.contains("subresource: scale"), yaml);
    }

    @Test
    void applyOptionsAreCheckedAsKubernetesChecksThem() throws Exception {
        String ns = namespace("ssa-options");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String url = cluster.url() + "/api/v1/namespaces/" + ns + "/configmaps/opts";
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"opts\"}}";
        java.net.http.HttpResponse<String> noManager = http.send(patch(url, "application/apply-patch+yaml", body),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(422, noManager.statusCode(), noManager.body());
        assertTrue(noManager.body().contains("fieldManager: Required value: is required for apply patch"),
                noManager.body());
        java.net.http.HttpResponse<String> created = http.send(patch(url + "?fieldManager=opts",
                "application/apply-patch+yaml", body), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        java.net.http.HttpResponse<String> forcedMerge = http.send(patch(url + "?force=true",
                "application/merge-patch+json", "{\"data\":{\"a\":\"b\"}}"),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(422, forcedMerge.statusCode(), forcedMerge.body());
        assertTrue(forcedMerge.body().contains("force: Forbidden: may not be specified for non-apply patch"),
                forcedMerge.body());
    }

    private static java.net.http.HttpRequest patch(String url, String contentType, String body) {
        return java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).header("Content-Type", contentType)
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
