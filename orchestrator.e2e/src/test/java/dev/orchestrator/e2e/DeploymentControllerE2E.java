package dev.orchestrator.e2e;

import static dev.orchestrator.e2e.Workloads.deployment;
import static dev.orchestrator.e2e.RealNodeCluster.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Deployment controller in a running all-in-one with one hollow node, driven by real kubectl
 * as a user would: create and scale, rolling updates watched pod by pod against maxSurge and
 * maxUnavailable, {@code rollout status|history|undo|pause|resume|restart}, a Recreate that never
 * runs two templates at once, a broken image that stalls the rollout past its progress deadline
 * while the old pods keep serving, proportional scaling of a paused canary, and both controller
 * bundles updated in the middle of a rollout; and the EndpointSlice controller on a Deployment's
 * pods. Each test uses its own Deployment in one shared cluster.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DeploymentControllerE2E extends HollowNodeCluster {

    private static final String NODE = "hollow-deploy";

    DeploymentControllerE2E() {
        super(NODE, 204, "capacityCpu=64", "capacityMemory=128Gi", "maxPods=250");
    }

    private static String rolling(int maxSurge, int maxUnavailable) {
        return "{type: RollingUpdate, rollingUpdate: {maxSurge: %d, maxUnavailable: %d}}".formatted(maxSurge, maxUnavailable);
    }

    private void apply(String yaml) throws Exception {
        ok(cluster.kubectlWithInput(yaml, "apply", "-f", "-"));
    }

    private List<Pod> livePods(String app) {
        return client.pods().inNamespace("default").withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    /** The Deployment's ReplicaSets, oldest revision first. */
    private List<ReplicaSet> replicaSets(String app) {
        return client.apps().replicaSets().inNamespace("default").withLabel("app", app).list().getItems().stream()
                .sorted(Comparator.comparingLong(rs -> Long.parseLong(rs.getMetadata().getAnnotations()
                        .getOrDefault("deployment.kubernetes.io/revision", "0"))))
                .toList();
    }

    private Deployment get(String name) {
        return client.apps().deployments().inNamespace("default").withName(name).get();
    }

    private void rolledOut(String name) throws Exception {
        AllInOne.Result r = cluster.kubectl("rollout", "status", "deployment/" + name, "--timeout=150s");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("successfully rolled out"), r.out());
        Deployment d = get(name);
        int replicas = d.getSpec().getReplicas();
        assertEquals(replicas, n(d.getStatus().getUpdatedReplicas()), name + " " + d.getStatus());
        assertEquals(replicas, n(d.getStatus().getAvailableReplicas()), name + " " + d.getStatus());
    }

    private String image(String name) {
        return get(name).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    private String condition(String name, String type, String field) throws Exception {
        return cluster.kubectl("get", "deployment", name, "-o",
                "jsonpath={.status.conditions[?(@.type==\"" + type + "\")]." + field + "}").out().trim();
    }

    @Test
    void createScaleAndReplaceWithKubectl() throws Exception {
        ok(cluster.kubectl("create", "deployment", "web", "--image=busybox:1", "--replicas=3", "--", "sleep", "3600"));
        rolledOut("web");
        List<Pod> pods = Eventually.until("3 running pods", 60, () -> livePods("web"), p -> p.size() == 3);
        List<ReplicaSet> sets = replicaSets("web");
        assertEquals(1, sets.size());
        ReplicaSet rs = sets.get(0);
        String hash = rs.getMetadata().getLabels().get("pod-template-hash");
        assertEquals("web-" + hash, rs.getMetadata().getName());
        assertEquals("1", rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
        assertEquals("Deployment", rs.getMetadata().getOwnerReferences().get(0).getKind());
        assertEquals(get("web").getMetadata().getUid(), rs.getMetadata().getOwnerReferences().get(0).getUid());
        assertTrue(pods.stream().allMatch(p -> hash.equals(p.getMetadata().getLabels().get("pod-template-hash"))));
        assertEquals("1", get("web").getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
        assertEquals("True", condition("web", "Available", "status"));
        assertEquals("NewReplicaSetAvailable", condition("web", "Progressing", "reason"));
        String table = ok(cluster.kubectl("get", "deployment", "web")).out();
        assertTrue(table.matches("(?s).*web\\s+3/3\\s+3\\s+3\\s.*"), table);

        ok(cluster.kubectl("scale", "deployment", "web", "--replicas=5"));
        Eventually.until("5 pods", 60, () -> livePods("web"), p -> p.size() == 5);
        rolledOut("web");
        ok(cluster.kubectl("scale", "deployment", "web", "--replicas=2"));
        Eventually.until("2 pods", 60, () -> livePods("web"), p -> p.size() == 2);
        rolledOut("web");
        assertEquals(1, replicaSets("web").size(), "scaling makes no new ReplicaSet");

        String victim = livePods("web").get(0).getMetadata().getName();
        ok(cluster.kubectl("delete", "pod", victim, "--wait=false"));
        Eventually.until("a replacement", 60, () -> livePods("web"), p -> p.size() == 2
                && p.stream().noneMatch(x -> x.getMetadata().getName().equals(victim)));
        String events = Eventually.until("ScalingReplicaSet events", 30, () -> cluster.kubectl("get", "events",
                "--field-selector", "involvedObject.kind=Deployment,involvedObject.name=web").out(),
                e -> e.contains("Scaled down replica set web-" + hash + " from 5 to 2"));
        assertTrue(events.contains("ScalingReplicaSet"), events);
        assertTrue(events.contains("Scaled up replica set web-" + hash + " from 0 to 3"), events);
        String described = ok(cluster.kubectl("describe", "deployment", "web")).out();
        assertTrue(described.contains("NewReplicaSet:") && described.contains("web-" + hash), described);
    }

    /**
     * set image, set env, undo, undo --to-revision: four rollouts of ten pods, each watched pod by
     * pod; never more than 10 + maxSurge alive, never fewer than 10 - maxUnavailable ready.
     */
    @Test
    void rollingUpdatesStayWithinTheirBoundsAndRollBack() throws Exception {
        apply(deployment("roll", 10, rolling(3, 2)));
        rolledOut("roll");
        try (RolloutWatch watch = new RolloutWatch(client, "roll")) {
            Eventually.until("the watch sees 10 pods", 30, watch::maxAlive, n -> n == 10);
            watch.resetExtremes();

            ok(cluster.kubectl("set", "image", "deployment/roll", "main=busybox:2"));
            rolledOut("roll");
            ok(cluster.kubectl("annotate", "deployment/roll", "kubernetes.io/change-cause=add FOO"));
            ok(cluster.kubectl("set", "env", "deployment/roll", "FOO=bar"));
            rolledOut("roll");
            assertEquals(3, replicaSets("roll").size());

            String history = ok(cluster.kubectl("rollout", "history", "deployment/roll")).out();
            assertTrue(history.matches("(?s).*\\b1\\s.*\\b2\\s.*\\b3\\s+add FOO.*"), history);
            String second = ok(cluster.kubectl("rollout", "history", "deployment/roll", "--revision=2")).out();
            assertTrue(second.contains("busybox:2") && !second.contains("FOO:"), second);

            ok(cluster.kubectl("rollout", "undo", "deployment/roll"));
            rolledOut("roll");
            assertEquals("busybox:2", image("roll"));
            assertTrue(get("roll").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().isEmpty());
            assertEquals("4", get("roll").getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
            assertEquals(3, replicaSets("roll").size(), "the undo reuses revision 2's ReplicaSet");

            ok(cluster.kubectl("rollout", "undo", "deployment/roll", "--to-revision=1"));
            rolledOut("roll");
            assertEquals("busybox:1", image("roll"));
            List<ReplicaSet> sets = replicaSets("roll");
            ReplicaSet current = sets.get(sets.size() - 1);
            assertEquals("5", current.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
            assertEquals("1", current.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision-history"));
            assertEquals(10, current.getSpec().getReplicas());
            assertTrue(sets.subList(0, sets.size() - 1).stream().allMatch(rs -> rs.getSpec().getReplicas() == 0));
            AllInOne.Result missing = cluster.kubectl("rollout", "undo", "deployment/roll", "--to-revision=42");
            assertNotEquals(0, missing.exit());
            assertTrue(missing.err().contains("unable to find specified revision"), missing.err());

            assertNull(watch.closedBy());
            assertTrue(watch.maxAlive() <= 13, "pods alive at once: " + watch.maxAlive() + " > 10 + maxSurge 3");
            assertTrue(watch.minReady() >= 8, "ready pods fell to " + watch.minReady() + " < 10 - maxUnavailable 2");
            assertEquals(10, livePods("roll").size());
        }
    }

    @Test
    void pauseResumeAndRestart() throws Exception {
        apply(deployment("pausable", 4, rolling(1, 1)));
        rolledOut("pausable");
        ok(cluster.kubectl("rollout", "pause", "deployment/pausable"));
        ok(cluster.kubectl("set", "image", "deployment/pausable", "main=busybox:2"));
        long generation = get("pausable").getMetadata().getGeneration();
        Eventually.until("the paused change observed", 30, () -> get("pausable").getStatus().getObservedGeneration(),
                g -> g != null && g >= generation);
        assertEquals("DeploymentPaused", condition("pausable", "Progressing", "reason"));
        Thread.sleep(2000);
        assertEquals(1, replicaSets("pausable").size(), "a paused Deployment rolls nothing out");
        AllInOne.Result restartWhilePaused = cluster.kubectl("rollout", "restart", "deployment/pausable");
        assertNotEquals(0, restartWhilePaused.exit(), restartWhilePaused.all());
        AllInOne.Result undoWhilePaused = cluster.kubectl("rollout", "undo", "deployment/pausable");
        assertNotEquals(0, undoWhilePaused.exit(), undoWhilePaused.all());

        ok(cluster.kubectl("rollout", "resume", "deployment/pausable"));
        rolledOut("pausable");
        assertEquals(2, replicaSets("pausable").size());
        assertTrue(livePods("pausable").stream().allMatch(p -> "busybox:2".equals(p.getSpec().getContainers().get(0).getImage())));

        ok(cluster.kubectl("rollout", "restart", "deployment/pausable"));
        rolledOut("pausable");
        List<ReplicaSet> sets = replicaSets("pausable");
        assertEquals(3, sets.size());
        String restartedAt = sets.get(2).getSpec().getTemplate().getMetadata().getAnnotations()
                .get("kubectl.kubernetes.io/restartedAt");
        assertTrue(restartedAt != null && !restartedAt.isEmpty(), sets.get(2).getSpec().getTemplate().toString());
        assertTrue(livePods("pausable").stream().allMatch(p -> p.getMetadata().getLabels().get("pod-template-hash")
                .equals(sets.get(2).getMetadata().getLabels().get("pod-template-hash"))));
    }

    @Test
    void recreateNeverRunsTwoTemplatesAtOnce() throws Exception {
        apply(deployment("recreate", 3, "{type: Recreate}"));
        rolledOut("recreate");
        try (RolloutWatch watch = new RolloutWatch(client, "recreate")) {
            Eventually.until("the watch sees 3 pods", 30, watch::maxAlive, n -> n == 3);
            watch.resetExtremes();
            ok(cluster.kubectl("set", "image", "deployment/recreate", "main=busybox:2"));
            rolledOut("recreate");
            assertNull(watch.closedBy());
            assertEquals(1, watch.maxTemplates(), "old and new pods alive at once");
            assertEquals(3, watch.added().size());
        }
    }

    /**
     * An image that cannot be pulled: the rollout makes one surge pod that never gets ready, the old
     * pods keep serving, and after progressDeadlineSeconds Progressing turns False and
     * {@code kubectl rollout status} fails; an undo recovers.
     */
    @Test
    void aBrokenImageStallsTheRolloutPastItsDeadline() throws Exception {
        apply(deployment("stall", 3, rolling(1, 0)).replace("spec:\n  replicas: 3",
                "spec:\n  progressDeadlineSeconds: 8\n  replicas: 3"));
        rolledOut("stall");
        ok(cluster.kubectl("set", "image", "deployment/stall", "main=missing/nothing:1"));
        Eventually.until("Progressing=False", 90, () -> condition("stall", "Progressing", "reason"),
                "ProgressDeadlineExceeded"::equals);
        assertEquals("False", condition("stall", "Progressing", "status"));
        AllInOne.Result status = cluster.kubectl("rollout", "status", "deployment/stall", "--timeout=30s");
        assertNotEquals(0, status.exit(), status.all());
        assertTrue(status.err().contains("exceeded its progress deadline"), status.all());
        List<Pod> pods = livePods("stall");
        long oldReady = pods.stream().filter(p -> "busybox:1".equals(p.getSpec().getContainers().get(0).getImage()))
                .filter(p -> p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                        && "True".equals(c.getStatus()))).count();
        assertEquals(3, oldReady, "the old pods keep serving");
        assertEquals(4, pods.size(), "one surge pod of the broken template: " + pods.stream()
                .map(p -> p.getMetadata().getName()).collect(Collectors.toList()));
        assertEquals("True", condition("stall", "Available", "status"));

        ok(cluster.kubectl("rollout", "undo", "deployment/stall"));
        rolledOut("stall");
        assertEquals("busybox:1", image("stall"));
        Eventually.until("the broken pod gone", 60, () -> livePods("stall"), p -> p.size() == 3);
    }

    /**
     * A canary: the new template's first pod never becomes available (minReadySeconds of an hour),
     * so the rollout holds with one new pod; paused there, scaling the Deployment from 10 to 20
     * spreads the change over both templates in proportion (19 + 2 = 20 + maxSurge); promoting it
     * (minReadySeconds back to 0, resume) finishes the rollout.
     */
    @Test
    void aPausedCanaryScalesInProportion() throws Exception {
        apply(deployment("canary", 10, rolling(1, 0)));
        rolledOut("canary");
        ok(cluster.kubectl("patch", "deployment", "canary", "--type=merge", "-p",
                "{\"spec\":{\"minReadySeconds\":3600,\"progressDeadlineSeconds\":7200,\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"busybox:2\"}]}}}}"));
        Eventually.until("one canary pod", 60, () -> replicaSets("canary"),
                sets -> sets.size() == 2 && sets.get(1).getSpec().getReplicas() == 1 && n(sets.get(1).getStatus().getReadyReplicas()) == 1);
        ok(cluster.kubectl("rollout", "pause", "deployment/canary"));
        Thread.sleep(1000);
        assertEquals(List.of(10, 1), replicaSets("canary").stream().map(rs -> rs.getSpec().getReplicas()).toList());

        ok(cluster.kubectl("scale", "deployment", "canary", "--replicas=20"));
        Eventually.until("proportional sizes", 60, () -> replicaSets("canary").stream()
                .map(rs -> rs.getSpec().getReplicas()).toList(), List.of(19, 2)::equals);
        Eventually.until("21 pods", 60, () -> livePods("canary"), p -> p.size() == 21);

        ok(cluster.kubectl("patch", "deployment", "canary", "--type=merge", "-p", "{\"spec\":{\"minReadySeconds\":0}}"));
        ok(cluster.kubectl("rollout", "resume", "deployment/canary"));
        rolledOut("canary");
        assertEquals(List.of(0, 20), replicaSets("canary").stream().map(rs -> rs.getSpec().getReplicas()).toList());
    }

    /**
     * Both controller bundles are updated while ten pods roll: the rollout completes, the bounds held
     * throughout, and exactly ten new pods were made (one per slot).
     */
    @Test
    void updatingTheControllerBundlesMidRolloutKeepsItsBounds() throws Exception {
        apply(deployment("hot", 10, rolling(1, 1)).replace("spec:\n  replicas: 10", "spec:\n  minReadySeconds: 4\n  replicas: 10"));
        rolledOut("hot");
        try (RolloutWatch watch = new RolloutWatch(client, "hot")) {
            Eventually.until("the watch sees 10 pods", 30, watch::maxAlive, n -> n == 10);
            watch.resetExtremes();
            ok(cluster.kubectl("set", "image", "deployment/hot", "main=busybox:2"));
            Eventually.until("the rollout under way", 30, () -> replicaSets("hot").size(), n -> n == 2);
            AllInOne.Result upgraded = cluster.upgradeBundle("orchestrator.controllers");
            assertEquals(0, upgraded.exit(), upgraded.all());
            // Four seconds of readiness per step of two pods: the rollout takes some 20 s, the update far less.
            int updatedMeanwhile = n(get("hot").getStatus().getUpdatedReplicas());
            upgraded = cluster.upgradeBundle("orchestrator.controllers.runtime");
            assertEquals(0, upgraded.exit(), upgraded.all());
            assertTrue(updatedMeanwhile < 10 || n(get("hot").getStatus().getAvailableReplicas()) < 10,
                    "the rollout was over before the bundles were updated");
            rolledOut("hot");
            Thread.sleep(2000); // a pod created twice late would show up here
            assertNull(watch.closedBy());
            assertEquals(10, watch.added().size(), "pods made for ten slots: " + watch.added());
            assertTrue(watch.maxAlive() <= 11, "pods alive at once: " + watch.maxAlive());
            assertTrue(watch.minReady() >= 9, "ready pods fell to " + watch.minReady());
            assertEquals(10, livePods("hot").size());
        }
    }

    /**
     * The EndpointSlice controller on a Deployment's pods: a Service whose named target port
     * resolves in the pods gets one slice with an endpoint per pod and the mirrored Endpoints;
     * scaling follows; a Service without a selector is left alone; deleting the Service removes both.
     */
    @Test
    void aServiceGetsEndpointSlicesAndEndpointsOfItsPods() throws Exception {
        apply(deployment("backend", 3, rolling(1, 0)).replace("command: [sleep, \"3600\"]",
                "command: [sleep, \"3600\"]\n        ports: [{name: web, containerPort: 8080}]"));
        rolledOut("backend");
        ok(cluster.kubectlWithInput("""
                apiVersion: v1
                kind: Service
                metadata: {name: backend}
                spec:
                  selector: {app: backend}
                  ports: [{name: http, port: 80, targetPort: web}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: manual}
                spec:
                  ports: [{port: 80}]
                """, "apply", "-f", "-"));
        String podIps = String.join(" ", livePods("backend").stream().map(p -> p.getStatus().getPodIP()).sorted().toList());
        String sliceQuery = "jsonpath={range .items[*]}{.endpoints[*].addresses[0]}|{.ports[0].name}:{.ports[0].port}"
                + "|{.endpoints[*].conditions.ready}{end}";
        String slices = Eventually.until("a slice of three endpoints", 60, () -> cluster.kubectl("get", "endpointslices",
                "-l", "kubernetes.io/service-name=backend", "-o", sliceQuery).out().trim(),
                s -> s.contains("|http:8080|true true true"));
        assertEquals(podIps, String.join(" ", java.util.Arrays.stream(slices.split("\\|")[0].split(" ")).sorted().toList()));
        String endpoints = Eventually.until("Endpoints of three", 30, () -> cluster.kubectl("get", "endpoints", "backend",
                "-o", "jsonpath={.subsets[0].addresses[*].ip}|{.subsets[0].ports[0].port}").out().trim(),
                e -> e.endsWith("|8080") && e.split("\\|")[0].split(" ").length == 3);
        assertEquals(podIps, String.join(" ", java.util.Arrays.stream(endpoints.split("\\|")[0].split(" ")).sorted().toList()));
        String described = ok(cluster.kubectl("describe", "service", "backend")).out();
        assertTrue(described.contains(":8080"), described);

        ok(cluster.kubectl("scale", "deployment", "backend", "--replicas=1"));
        Eventually.until("a slice of one endpoint", 60, () -> cluster.kubectl("get", "endpointslices", "-l",
                "kubernetes.io/service-name=backend", "-o", "jsonpath={.items[*].endpoints[*].addresses[0]}").out().trim(),
                s -> !s.isEmpty() && s.split(" ").length == 1);
        assertEquals("", cluster.kubectl("get", "endpointslices", "-l", "kubernetes.io/service-name=manual", "-o",
                "name").out().trim(), "a Service without a selector gets no slices");

        ok(cluster.kubectl("delete", "service", "backend"));
        Eventually.until("slices and Endpoints gone", 60, () -> cluster.kubectl("get", "endpointslices,endpoints", "-l",
                "kubernetes.io/service-name=backend", "-o", "name").out().trim()
                + cluster.kubectl("get", "endpoints", "backend", "-o", "name").out().trim(), String::isEmpty);
        ok(cluster.kubectl("delete", "service", "manual"));
    }

    @Test
    void aSelectorThatDoesNotMatchTheTemplateIsRefused() throws Exception {
        String yaml = deployment("mismatch", 1, rolling(1, 0)).replace("labels: {app: mismatch}", "labels: {app: other}");
        AllInOne.Result r = cluster.kubectlWithInput(yaml, "apply", "-f", "-");
        assertNotEquals(0, r.exit(), r.all());
        assertTrue(r.err().contains("selector` does not match template `labels`"), r.err());
        assertTrue(r.err().contains("The Deployment \"mismatch\" is invalid"), r.err());
        Map<String, String> none = cluster.boundPods("-l", "app=mismatch");
        assertTrue(none.isEmpty(), none.toString());
    }
}
