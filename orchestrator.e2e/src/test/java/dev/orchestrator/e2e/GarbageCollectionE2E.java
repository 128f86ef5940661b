package dev.orchestrator.e2e;

import static dev.orchestrator.e2e.Workloads.replicaSet;
import static dev.orchestrator.e2e.RealNodeCluster.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The garbage collector and the namespace controller (orchestrator.controllers) in a running
 * all-in-one with one hollow node, driven by real kubectl: deleting a ReplicaSet deletes its pods
 * (background), {@code --cascade=orphan} keeps them without owner references (and a new ReplicaSet
 * adopts them), {@code --cascade=foreground} keeps the ReplicaSet with the {@code foregroundDeletion}
 * finalizer until its pods are gone, a bad propagation policy is refused, and a deleted namespace
 * loses all its content (with conditions while a finalizer holds some) and then itself; the cascade
 * flags also with kubectl 1.27. One shared cluster; each test has objects of its own. Waits have
 * deadlines, nothing asserts speed.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class GarbageCollectionE2E extends HollowNodeCluster {

    private static final String NODE = "hollow-gc";
    private static final String HOLD = "e2e.orchestrator.dev/hold";

    GarbageCollectionE2E() {
        super(NODE, 253, "capacityCpu=32", "capacityMemory=64Gi");
    }

    /** Events expire this long after their last write (Kubernetes: an hour). */
    private static final int EVENT_TTL_SECONDS = 5;

    @Override
    protected java.util.Map<String, String> extraEtcFiles() {
        return java.util.Map.of("orchestrator.controllers.eventttl.cfg", "ttlSeconds=" + EVENT_TTL_SECONDS + "\n");
    }

    private void apply(String namespace, String yaml) throws Exception {
        ok(cluster.kubectlWithInput(yaml, "apply", "-n", namespace, "-f", "-"));
    }

    private List<Pod> pods(String namespace, String app) {
        return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems();
    }

    private List<Pod> awaitRunning(String namespace, String app, int count) throws Exception {
        return Eventually.until(count + " running pods of " + app, 120, () -> pods(namespace, app), pods -> pods.size() == count
                && pods.stream().allMatch(p -> p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null
                        && "Running".equals(p.getStatus().getPhase())));
    }

    private static Set<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    }

    private ReplicaSet rs(String namespace, String name) {
        return client.apps().replicaSets().inNamespace(namespace).withName(name).get();
    }

    private void setFinalizers(Pod pod, List<String> finalizers) {
        String patch = client.getKubernetesSerialization().asJson(java.util.Map.of("metadata",
                java.util.Map.of("finalizers", finalizers)));
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    /** Events of both APIs go their time-to-live after they were written, not before (the store does not keep them). */
    @Test
    void eventsExpireAfterTheirTimeToLive() throws Exception {
        Instant written = Instant.now();
        client.v1().events().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.EventBuilder()
                .withNewMetadata().withName("e2e-expiring").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withNamespace("default").withName("somepod").endInvolvedObject()
                .withType("Normal").withReason("Testing").withMessage("expires soon").withCount(1)
                .withFirstTimestamp(written.toString()).withLastTimestamp(written.toString())
                .withNewSource().withComponent("e2e").endSource().build()).create();
        client.events().v1().events().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
                .withNewMetadata().withName("e2e-expiring-v1").endMetadata()
                .withNewEventTime(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
                        .withZone(java.time.ZoneOffset.UTC).format(written))
                .withNewRegarding().withKind("Pod").withNamespace("default").withName("somepod").endRegarding()
                .withType("Normal").withReason("Testing").withNote("expires soon").withAction("Test")
                .withReportingController("e2e.orchestrator.dev/test").withReportingInstance("e2e").build()).create();

        Eventually.until("the core/v1 Event expired", 90,
                () -> client.v1().events().inNamespace("default").withName("e2e-expiring").get() == null);
        assertNotEarly(written);
        Eventually.until("the events.k8s.io/v1 Event expired", 90,
                () -> client.events().v1().events().inNamespace("default").withName("e2e-expiring-v1").get() == null);
        assertNotEarly(written);
    }

    /** Creation times are whole seconds: the earliest expiry is a second short of the TTL after the create. */
    private static void assertNotEarly(Instant written) {
        Duration lived = Duration.between(written, Instant.now());
        assertTrue(lived.getSeconds() >= EVENT_TTL_SECONDS - 1,
                "an Event expired " + lived + " after being written; the TTL is " + EVENT_TTL_SECONDS + " s");
    }

    @Test
    void deletingAReplicaSetDeletesItsPods() throws Exception {
        apply("default", replicaSet("gc-background", 3));
        awaitRunning("default", "gc-background", 3);
        ok(cluster.kubectl("delete", "rs", "gc-background"));
        Eventually.until("the pods of gc-background gone", 90, () -> pods("default", "gc-background"), List::isEmpty);
    }

    private List<ReplicaSet> replicaSets(String app) {
        return client.apps().replicaSets().inNamespace("default").withLabel("app", app).list().getItems();
    }

    @Test
    void deletingADeploymentDeletesItsReplicaSetsAndTheirPods() throws Exception {
        apply("default", Workloads.deployment("gc-deploy", 2, "{type: RollingUpdate}"));
        awaitRunning("default", "gc-deploy", 2);
        assertEquals(1, replicaSets("gc-deploy").size());
        ok(cluster.kubectl("delete", "deployment", "gc-deploy"));
        Eventually.until("the ReplicaSets and pods of gc-deploy gone", 90,
                () -> replicaSets("gc-deploy").size() + pods("default", "gc-deploy").size(), n -> n == 0);
    }

    /** Foreground goes down the chain: the Deployment waits for its ReplicaSet, which waits for its pods. */
    @Test
    void foregroundDeletionOfADeploymentEndsWithNothingLeft() throws Exception {
        apply("default", Workloads.deployment("gc-deploy-fg", 2, "{type: RollingUpdate}"));
        awaitRunning("default", "gc-deploy-fg", 2);
        ok(cluster.kubectl("delete", "deployment", "gc-deploy-fg", "--cascade=foreground", "--timeout=50s"));
        assertEquals(null, client.apps().deployments().inNamespace("default").withName("gc-deploy-fg").get());
        assertEquals(List.of(), replicaSets("gc-deploy-fg"));
        assertEquals(List.of(), pods("default", "gc-deploy-fg"));
    }

    @Test
    void orphanCascadeOfADeploymentKeepsItsReplicaSetAndPods() throws Exception {
        apply("default", Workloads.deployment("gc-deploy-orphan", 2, "{type: RollingUpdate}"));
        Set<String> pods = names(awaitRunning("default", "gc-deploy-orphan", 2));
        ok(cluster.kubectl("delete", "deployment", "gc-deploy-orphan", "--cascade=orphan"));
        List<ReplicaSet> kept = replicaSets("gc-deploy-orphan");
        assertEquals(1, kept.size());
        assertTrue(kept.get(0).getMetadata().getOwnerReferences().isEmpty(), kept.toString());
        assertEquals(null, kept.get(0).getMetadata().getDeletionTimestamp());
        assertEquals(pods, names(awaitRunning("default", "gc-deploy-orphan", 2))); // still controlled by the ReplicaSet
        ok(cluster.kubectl("delete", "rs", kept.get(0).getMetadata().getName()));
        Eventually.until("the pods of gc-deploy-orphan gone", 90, () -> pods("default", "gc-deploy-orphan"), List::isEmpty);
    }

    @Test
    void orphanCascadeKeepsThePodsWithoutOwnerReferences() throws Exception {
        apply("default", replicaSet("gc-orphan", 2));
        Set<String> before = names(awaitRunning("default", "gc-orphan", 2));
        AllInOne.Result deleted = ok(cluster.kubectl("delete", "rs", "gc-orphan", "--cascade=orphan", "-v=8"));
        assertTrue(deleted.err().contains("\"propagationPolicy\":\"Orphan\""), deleted.err()); // what kubectl sends
        assertTrue(deleted.out().contains("replicaset.apps \"gc-orphan\" deleted"), deleted.all());
        assertEquals(null, rs("default", "gc-orphan")); // kubectl waited for it to go
        List<Pod> orphans = pods("default", "gc-orphan");
        assertEquals(before, names(orphans));
        for (Pod pod : orphans) {
            assertEquals(null, pod.getMetadata().getDeletionTimestamp(), pod.getMetadata().getName());
            assertTrue(pod.getMetadata().getOwnerReferences().isEmpty(), pod.getMetadata().getOwnerReferences().toString());
        }
        // a new ReplicaSet with the same selector adopts them instead of making new pods
        apply("default", replicaSet("gc-orphan", 2));
        String uid = Eventually.until("gc-orphan made again", 30, () -> rs("default", "gc-orphan"), r -> r != null)
                .getMetadata().getUid();
        List<Pod> adopted = Eventually.until("the orphans adopted", 60, () -> pods("default", "gc-orphan"),
                pods -> pods.stream().allMatch(p -> p.getMetadata().getOwnerReferences().stream()
                        .anyMatch(r -> uid.equals(r.getUid()) && Boolean.TRUE.equals(r.getController()))));
        assertEquals(before, names(adopted));
        ok(cluster.kubectl("delete", "rs", "gc-orphan"));
        Eventually.until("the pods of gc-orphan gone", 90, () -> pods("default", "gc-orphan"), List::isEmpty);
    }

    @Test
    void foregroundCascadeKeepsTheReplicaSetUntilItsPodsAreGone() throws Exception {
        apply("default", replicaSet("gc-foreground", 2));
        List<Pod> running = awaitRunning("default", "gc-foreground", 2);
        Pod held = running.get(0);
        setFinalizers(held, List.of(HOLD)); // keeps one pod, and so the ReplicaSet, for as long as the test likes
        ok(cluster.kubectl("delete", "rs", "gc-foreground", "--cascade=foreground", "--wait=false"));
        Eventually.until("the pod without a finalizer gone", 90, () -> pods("default", "gc-foreground"),
                pods -> pods.size() == 1 && pods.get(0).getMetadata().getName().equals(held.getMetadata().getName())
                        && pods.get(0).getMetadata().getDeletionTimestamp() != null);
        ReplicaSet deleting = rs("default", "gc-foreground");
        assertNotNull(deleting, "the ReplicaSet waits for its last pod");
        assertNotNull(deleting.getMetadata().getDeletionTimestamp());
        assertEquals(List.of("foregroundDeletion"), deleting.getMetadata().getFinalizers());
        String described = ok(cluster.kubectl("get", "rs", "gc-foreground", "-o", "jsonpath={.metadata.finalizers}")).out();
        assertTrue(described.contains("foregroundDeletion"), described);
        setFinalizers(held, List.of());
        Eventually.until("gc-foreground gone", 90, () -> Optional.ofNullable(rs("default", "gc-foreground")),
                Optional::isEmpty);
        assertTrue(pods("default", "gc-foreground").isEmpty());
    }

    @Test
    void aBadPropagationPolicyIsRefused() throws Exception {
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("gc-bad-policy").endMetadata().build()).create();
        String url = cluster.url() + "/api/v1/namespaces/default/configmaps/gc-bad-policy";
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> body = http.send(HttpRequest.newBuilder(URI.create(url)).method("DELETE",
                HttpRequest.BodyPublishers.ofString("{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\","
                        + "\"propagationPolicy\":\"Sideways\"}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(422, body.statusCode(), body.body());
        assertTrue(body.body().contains("propagationPolicy: Unsupported value: \\\"Sideways\\\": supported values: "
                + "\\\"Foreground\\\", \\\"Background\\\", \\\"Orphan\\\""), body.body());
        HttpResponse<String> query = http.send(HttpRequest.newBuilder(URI.create(url + "?propagationPolicy=orphan"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(422, query.statusCode(), query.body());
        HttpResponse<String> both = http.send(HttpRequest.newBuilder(URI.create(url)).method("DELETE",
                HttpRequest.BodyPublishers.ofString("{\"orphanDependents\":true,\"propagationPolicy\":\"Orphan\"}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(422, both.statusCode(), both.body());
        assertTrue(both.body().contains("orphanDependents and propagationPolicy cannot be both set"), both.body());
        assertNotNull(client.configMaps().inNamespace("default").withName("gc-bad-policy").get(), "still there");
        // the legacy field still works: orphanDependents=true is Orphan
        HttpResponse<String> legacy = http.send(HttpRequest.newBuilder(URI.create(url)).method("DELETE",
                HttpRequest.BodyPublishers.ofString("{\"orphanDependents\":true}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, legacy.statusCode(), legacy.body());
        Eventually.until("gc-bad-policy gone", 60,
                () -> Optional.ofNullable(client.configMaps().inNamespace("default").withName("gc-bad-policy").get()),
                Optional::isEmpty);
    }

    @Test
    void aDeletedNamespaceLosesItsContentThenGoes() throws Exception {
        ok(cluster.kubectl("create", "namespace", "gc-doomed"));
        apply("gc-doomed", replicaSet("web", 2));
        apply("gc-doomed", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {a: "1"}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: token}
                stringData: {t: secret}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  selector: {app: web}
                  ports: [{port: 80}]
                """);
        client.configMaps().inNamespace("gc-doomed").resource(new ConfigMapBuilder().withNewMetadata().withName("held")
                .withFinalizers(HOLD).endMetadata().build()).create();
        awaitRunning("gc-doomed", "web", 2);
        ok(cluster.kubectl("delete", "namespace", "gc-doomed", "--wait=false"));
        Namespace stuck = Eventually.until("gc-doomed waiting for the held ConfigMap", 90,
                () -> client.namespaces().withName("gc-doomed").get(), ns -> condition(ns, "NamespaceFinalizersRemaining")
                        .filter(c -> "True".equals(c.getStatus())).isPresent()
                        && condition(ns, "NamespaceContentRemaining").filter(c -> "True".equals(c.getStatus())
                        && c.getMessage().equals("Some resources are remaining: configmaps. has 1 resource instances"))
                        .isPresent());
        assertEquals("Terminating", stuck.getStatus().getPhase());
        assertEquals("Some content in the namespace has finalizers remaining: " + HOLD + " in 1 resource instances",
                condition(stuck, "NamespaceFinalizersRemaining").orElseThrow().getMessage());
        assertEquals(List.of("kubernetes"), stuck.getSpec().getFinalizers());
        assertTrue(pods("gc-doomed", "web").isEmpty());
        assertTrue(client.secrets().inNamespace("gc-doomed").list().getItems().isEmpty());
        AllInOne.Result refused = cluster.kubectl("create", "configmap", "late", "-n", "gc-doomed");
        assertTrue(refused.err().contains("because it is being terminated"), refused.all());
        // with Kubernetes' status cause, by which controllers stop creating in a namespace being deleted
        KubernetesClientException denied = assertThrows(KubernetesClientException.class, () -> client.configMaps()
                .inNamespace("gc-doomed").resource(new ConfigMapBuilder().withNewMetadata().withName("late").endMetadata()
                        .build()).create());
        assertEquals(403, denied.getCode());
        assertTrue(denied.getStatus().getDetails().getCauses().stream().anyMatch(c -> "NamespaceTerminating"
                .equals(c.getReason()) && "metadata.namespace".equals(c.getField())), denied.getStatus().toString());
        // release the ConfigMap: the namespace goes, and a waiting kubectl returns
        ConfigMap held = client.configMaps().inNamespace("gc-doomed").withName("held").get();
        client.configMaps().inNamespace("gc-doomed").withName("held").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"finalizers\":null,\"resourceVersion\":\"" + held.getMetadata().getResourceVersion() + "\"}}");
        AllInOne.Result waited = ok(cluster.kubectl("delete", "namespace", "gc-doomed", "--timeout=50s",
                "--ignore-not-found"));
        assertTrue(waited.exit() == 0, waited.all());
        Eventually.until("gc-doomed gone", 90, () -> Optional.ofNullable(client.namespaces().withName("gc-doomed").get()),
                Optional::isEmpty);
        assertTrue(client.configMaps().inNamespace("gc-doomed").list().getItems().isEmpty());
    }

    @Test
    void kubectlDeleteNamespaceReturnsOnceItIsGone() throws Exception {
        ok(cluster.kubectl("create", "namespace", "gc-quick"));
        apply("gc-quick", replicaSet("web", 1));
        ok(cluster.kubectl("create", "configmap", "c", "-n", "gc-quick", "--from-literal=a=1"));
        awaitRunning("gc-quick", "web", 1);
        AllInOne.Result deleted = ok(cluster.kubectl("delete", "namespace", "gc-quick", "--timeout=50s"));
        assertTrue(deleted.out().contains("namespace \"gc-quick\" deleted"), deleted.all());
        AllInOne.Result gone = cluster.kubectl("get", "namespace", "gc-quick");
        assertTrue(gone.err().contains("namespaces \"gc-quick\" not found"), gone.all());
    }

    @Test
    void cascadeFlagsOfKubectl127() throws Exception {
        String namespace = "default";
        apply(namespace, replicaSet("gc-kubectl127", 2));
        Set<String> before = names(awaitRunning(namespace, "gc-kubectl127", 2));
        AllInOne.Result orphaned = ok(cluster.kubectlOf("1.27", null, "delete", "rs", "gc-kubectl127", "--cascade=orphan",
                "-v=8"));
        assertTrue(orphaned.err().contains("\"propagationPolicy\":\"Orphan\""), orphaned.err()); // what 1.27 sends
        assertEquals(null, rs(namespace, "gc-kubectl127"));
        List<Pod> orphans = pods(namespace, "gc-kubectl127");
        assertEquals(before, names(orphans));
        assertTrue(orphans.stream().allMatch(p -> p.getMetadata().getOwnerReferences().isEmpty()
                && p.getMetadata().getDeletionTimestamp() == null), orphans.toString());
        apply(namespace, replicaSet("gc-kubectl127", 2));
        Eventually.until("the orphans adopted", 60, () -> pods(namespace, "gc-kubectl127"),
                pods -> pods.size() == 2 && pods.stream().allMatch(p -> !p.getMetadata().getOwnerReferences().isEmpty()));
        ok(cluster.kubectlOf("1.27", null, "delete", "rs", "gc-kubectl127", "--cascade=foreground", "--timeout=50s"));
        assertEquals(null, rs(namespace, "gc-kubectl127"));
        // foreground: kubectl returned once the ReplicaSet was gone, which was after its pods
        assertTrue(pods(namespace, "gc-kubectl127").isEmpty(), pods(namespace, "gc-kubectl127").toString());
    }

    /** What each installed kubectl sends for each --cascade value (server-side dry run: nothing is deleted). */
    @Test
    void everyKubectlSendsThePropagationPolicyOfItsCascadeFlag() throws Exception {
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("gc-dry-run").endMetadata().build()).create();
        int checked = 0;
        for (String version : List.of("1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33")) {
            if (!java.nio.file.Files.isExecutable(AllInOne.versionedKubectl(version))) {
                continue;
            }
            for (String cascade : List.of("background", "orphan", "foreground")) {
                AllInOne.Result r = ok(cluster.kubectlOf(version, null, "delete", "cm", "gc-dry-run",
                        "--cascade=" + cascade, "--dry-run=server", "-v=8"));
                String policy = Character.toUpperCase(cascade.charAt(0)) + cascade.substring(1);
                assertTrue(r.err().contains("\"propagationPolicy\":\"" + policy + "\""), version + " " + cascade
                        + ":\n" + r.err());
            }
            checked++;
        }
        assertTrue(checked > 0, "no versioned kubectl installed");
        ConfigMap untouched = client.configMaps().inNamespace("default").withName("gc-dry-run").get();
        assertNotNull(untouched);
        assertEquals(null, untouched.getMetadata().getDeletionTimestamp());
    }

    private static Optional<NamespaceCondition> condition(Namespace ns, String type) {
        if (ns == null || ns.getStatus() == null || ns.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return ns.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
