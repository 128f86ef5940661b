package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * PodDisruptionBudgets, the eviction subresource and {@code kubectl drain} in one all-in-one with two hollow nodes,
 * driven with real kubectl: a drain evicts a Deployment's pods one budgeted disruption at a time (never fewer ready
 * pods than the budget's minAvailable) while the ReplicaSet replaces them on the other node; an eviction the budget
 * does not allow is a 429 to kubectl and fabric8; cordon and uncordon switch scheduling; bad budgets are 422s.
 * The drain runs first (its nodes are then uncordoned for the tests after it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DrainE2E {

    private static final String NODE_A = "drain-a";
    private static final String NODE_B = "drain-b";
    private static final String APP = "drain-web";
    private AllInOne cluster;
    private KubernetesClient client;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> etc = new LinkedHashMap<>(HollowNode.config(NODE_A, 207));
        etc.putAll(HollowNode.config(NODE_B, 208));
        cluster = AllInOne.startWith(etc);
        cluster.awaitNodeReady(NODE_A);
        cluster.awaitNodeReady(NODE_B);
        // no retries of a 429, so that fabric8's evict() answers at once
        client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                        .withMasterUrl(cluster.url()).withNamespace("default").withRequestTimeout(30_000)
                        .withRequestRetryBackoffLimit(0).build())
                .withHttpClientFactory(new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory()).build();
    }

    @AfterAll
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static AllInOne.Result ok(AllInOne.Result r) {
        return AllInOne.ok(r);
    }

    private String jsonpath(String kind, String name, String path) throws Exception {
        return cluster.jsonpath(kind, name, path);
    }

    private static String budget(String name, String app, String bound) {
        return """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: %s}
                spec:
                  %s
                  selector: {matchLabels: {app: %s}}
                """.formatted(name, bound, app);
    }

    /** Ready and not being deleted: what a budget counts as healthy. */
    private static boolean healthy(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The pods of {@code APP} by name, as the watch last saw them, and the fewest healthy ones seen at any event. */
    private static final class HealthyWatch implements Watcher<Pod> {
        final Map<String, Boolean> healthyByPod = new ConcurrentHashMap<>();
        final AtomicInteger fewest = new AtomicInteger(Integer.MAX_VALUE);
        /** What each event changed, for the message of a failure. */
        final java.util.List<String> history = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean closed;

        /** The pods listed before the watch starts: the state the events change, not events themselves. */
        synchronized void seed(PodList pods) {
            pods.getItems().forEach(p -> healthyByPod.put(p.getMetadata().getName(), healthy(p)));
        }

        synchronized void seen(Pod pod, boolean gone) {
            if (gone) {
                healthyByPod.remove(pod.getMetadata().getName());
            } else {
                healthyByPod.put(pod.getMetadata().getName(), healthy(pod));
            }
            int now = (int) healthyByPod.values().stream().filter(Boolean::booleanValue).count();
            fewest.accumulateAndGet(now, Math::min);
            history.add(pod.getMetadata().getName() + (gone ? " gone" : " healthy=" + healthy(pod) + " node="
                    + pod.getSpec().getNodeName() + " rv=" + pod.getMetadata().getResourceVersion()) + " → " + now);
        }

        @Override
        public void eventReceived(Action action, Pod pod) {
            seen(pod, action == Action.DELETED);
        }

        @Override
        public void onClose(WatcherException cause) {
            closed = true;
        }
    }

    @Test
    @Order(1)
    void drainEvictsWithinTheBudgetWhileReplacementsStartOnTheOtherNode() throws Exception {
        ok(cluster.kubectl("cordon", NODE_B));
        assertTrue(ok(cluster.kubectl("get", "node", NODE_B)).out().contains("Ready,SchedulingDisabled"));
        ok(cluster.kubectlWithInput(Workloads.deployment(APP, 3, "{type: RollingUpdate}"), "apply", "-f", "-"));
        Eventually.until("3 ready replicas", 90, () -> jsonpath("deployment", APP, "{.status.readyReplicas}"), "3"::equals);
        for (Pod pod : client.pods().withLabel("app", APP).list().getItems()) {
            assertEquals(NODE_A, pod.getSpec().getNodeName(), "B is cordoned");
        }
        ok(cluster.kubectlWithInput(budget(APP, APP, "minAvailable: 2"), "apply", "-f", "-"));
        Eventually.until("the budget allows one disruption", 60,
                () -> jsonpath("pdb", APP, "{.status.disruptionsAllowed}/{.status.currentHealthy}/{.status.desiredHealthy}"
                        + "/{.status.expectedPods}"), "1/3/2/3"::equals);
        String table = ok(cluster.kubectl("get", "pdb", APP)).out();
        String[] lines = table.trim().split("\n");
        assertTrue(lines[0].matches("NAME\\s+MIN AVAILABLE\\s+MAX UNAVAILABLE\\s+ALLOWED DISRUPTIONS\\s+AGE"), table);
        assertTrue(lines[1].matches(APP + "\\s+2\\s+N/A\\s+1\\s+\\S+"), table);
        assertEquals("True/SufficientPods", jsonpath("pdb", APP,
                "{.status.conditions[?(@.type==\"DisruptionAllowed\")].status}/"
                        + "{.status.conditions[?(@.type==\"DisruptionAllowed\")].reason}"));

        ok(cluster.kubectl("uncordon", NODE_B));
        PodList before = client.pods().withLabel("app", APP).list();
        HealthyWatch watch = new HealthyWatch();
        watch.seed(before);
        try (Watch ignored = client.pods().withLabel("app", APP).watch(new ListOptionsBuilder()
                .withResourceVersion(before.getMetadata().getResourceVersion()).build(), watch)) {
            watch.history.add("drain starts");
            AllInOne.Result drain = cluster.kubectl("drain", NODE_A, "--ignore-daemonsets", "--delete-emptydir-data",
                    "--timeout=180s");
            assertEquals(0, drain.exit(), drain.all());
            assertTrue(drain.all().contains("evicting pod"), drain.all());
            assertTrue(drain.all().contains("node/" + NODE_A + " drained"), drain.all());
            // kubectl evicts all three at once: the budget refuses all but one at a time (429), which kubectl retries
            assertTrue(drain.all().contains("Cannot evict pod as it would violate the pod's disruption budget"),
                    drain.all());
            Eventually.until("3 ready replicas on " + NODE_B, 90, () -> client.pods().withLabel("app", APP).list()
                    .getItems().stream().filter(p -> healthy(p) && NODE_B.equals(p.getSpec().getNodeName())).count(),
                    n -> n == 3);
            assertFalse(watch.closed, "the watch ended during the drain");
        }
        assertTrue(watch.fewest.get() >= 2, "fewer ready pods than minAvailable during the drain: " + watch.fewest.get()
                + "\n" + String.join("\n", watch.history));
        assertTrue(ok(cluster.kubectl("get", "node", NODE_A)).out().contains("SchedulingDisabled"));
    }

    @Test
    @Order(2)
    void anEvictionTheBudgetDoesNotAllowIs429() throws Exception {
        ok(cluster.kubectlWithInput(Workloads.deployment("guarded", 1, "{type: RollingUpdate}"), "apply", "-f", "-"));
        Eventually.until("guarded ready", 90, () -> jsonpath("deployment", "guarded", "{.status.readyReplicas}"),
                "1"::equals);
        // kubectl's imperative create sends the budget as protobuf
        ok(cluster.kubectl("create", "pdb", "guarded", "--selector=app=guarded", "--max-unavailable=0"));
        Eventually.until("the budget allows none", 60, () -> jsonpath("pdb", "guarded",
                "{.status.observedGeneration}/{.status.disruptionsAllowed}/{.status.currentHealthy}"), "1/0/1"::equals);
        String pod = client.pods().withLabel("app", "guarded").list().getItems().get(0).getMetadata().getName();

        assertFalse(client.pods().withName(pod).evict(), "fabric8 reports an eviction refused with 429 as false");
        AllInOne.Result raw = cluster.kubectlWithInput("""
                {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"%s","namespace":"default"}}
                """.formatted(pod), "create", "--raw", "/api/v1/namespaces/default/pods/" + pod + "/eviction", "-f", "-");
        assertTrue(raw.exit() != 0, raw.all());
        assertTrue(raw.err().contains("TooManyRequests") || raw.err().contains("Too Many Requests")
                || raw.err().contains("disruption budget"), raw.err());
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(cluster.url() + "/api/v1/namespaces/default/pods/"
                        + pod + "/eviction")).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"policy/v1beta1\","
                                + "\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + pod + "\"}}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(429, answer.statusCode(), answer.body());
        com.fasterxml.jackson.databind.JsonNode status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body());
        assertEquals("TooManyRequests", status.path("reason").asText());
        assertEquals("Cannot evict pod as it would violate the pod's disruption budget.", status.path("message").asText());
        assertEquals("DisruptionBudget", status.path("details").path("causes").path(0).path("reason").asText());
        assertEquals("The disruption budget guarded needs 1 healthy pods and has 1 currently",
                status.path("details").path("causes").path(0).path("message").asText());
        assertEquals("Running", jsonpath("pod", pod, "{.status.phase}"), "a refused eviction leaves the pod");
        String described = ok(cluster.kubectl("describe", "pdb", "guarded")).out();
        assertTrue(described.matches("(?s).*Max unavailable:\\s+0.*Allowed disruptions:\\s+0.*Current:\\s+1.*"
                + "Desired:\\s+1.*"), described);

    }

    @Test
    @Order(3)
    void uncordonMakesTheNodeSchedulableAgain() throws Exception {
        ok(cluster.kubectl("uncordon", NODE_A));
        Eventually.until(NODE_A + " schedulable", 30, () -> ok(cluster.kubectl("get", "node", NODE_A)).out(),
                out -> out.matches("(?s).*" + NODE_A + "\\s+Ready\\s.*"));
        assertEquals("", jsonpath("node", NODE_A, "{.spec.unschedulable}"));
        ok(cluster.kubectlWithInput("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"back-on-a"},
                 "spec":{"nodeSelector":{"kubernetes.io/hostname":"%s"},"terminationGracePeriodSeconds":1,
                         "containers":[{"name":"main","image":"busybox:1","command":["sleep","3600"]}]}}
                """.formatted(NODE_A), "create", "-f", "-"));
        Eventually.until("back-on-a running on " + NODE_A, 60, () -> jsonpath("pod", "back-on-a",
                "{.spec.nodeName}/{.status.phase}"), (NODE_A + "/Running")::equals);
    }

    @Test
    @Order(4)
    void badEvictionsAre4xx() throws Exception {
        assertEquals(404, postEviction("no-such-pod", "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\","
                + "\"metadata\":{\"name\":\"no-such-pod\"}}").statusCode());
        ok(cluster.kubectlWithInput("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"target"},
                 "spec":{"containers":[{"name":"main","image":"busybox:1","command":["sleep","3600"]}]}}
                """, "create", "-f", "-"));
        java.net.http.HttpResponse<String> mismatch = postEviction("target", "{\"apiVersion\":\"policy/v1\","
                + "\"kind\":\"Eviction\",\"metadata\":{\"name\":\"other\"}}");
        assertEquals(400, mismatch.statusCode(), mismatch.body());
        assertTrue(mismatch.body().contains("name in URL does not match name in Eviction object"), mismatch.body());
        assertEquals(400, postEviction("target", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":"
                + "{\"name\":\"target\"}}").statusCode());
        assertEquals(400, postEviction("target", "[1,2]").statusCode());
        assertEquals(400, postEviction("target", "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\","
                + "\"metadata\":{\"name\":\"target\"},\"deleteOptions\":7}").statusCode());
        ok(cluster.kubectl("get", "pod", "target")); // none of them deleted it
    }

    private java.net.http.HttpResponse<String> postEviction(String pod, String body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                cluster.url() + "/api/v1/namespaces/default/pods/" + pod + "/eviction"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(5)
    void badBudgetsAre422NamingTheField() throws Exception {
        String[][] cases = {
                {"both", "minAvailable: 1\n  maxUnavailable: 1", "spec: Invalid value",
                        "minAvailable and maxUnavailable cannot be both set"},
                {"negative", "minAvailable: -1", "spec.minAvailable: Invalid value: -1",
                        "must be greater than or equal to 0"},
                {"too-many", "minAvailable: \"150%\"", "spec.minAvailable: Invalid value: \"150%\"",
                        "must not be greater than 100%"}};
        for (String[] c : cases) {
            AllInOne.Result r = cluster.kubectlWithInput(budget(c[0], "x", c[1]), "create", "-f", "-");
            assertTrue(r.exit() != 0, r.all());
            assertTrue(r.err().contains("PodDisruptionBudget \"" + c[0] + "\" is invalid"), r.err());
            assertTrue(r.err().contains(c[2]) && r.err().contains(c[3]), r.err());
        }
        KubernetesClientException e = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
                () -> client.resource(new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder()
                        .withNewMetadata().withName("bad-policy").endMetadata().withNewSpec()
                        .withMinAvailable(new io.fabric8.kubernetes.api.model.IntOrString(1))
                        .withUnhealthyPodEvictionPolicy("Never").endSpec().build()).create());
        assertEquals(422, e.getCode());
        assertEquals("spec.unhealthyPodEvictionPolicy", e.getStatus().getDetails().getCauses().get(0).getField());
        AllInOne.Result wrongType = cluster.kubectlWithInput(budget("wrong-type", "x", "minAvailable: [1]"), "create",
                "-f", "-");
        assertTrue(wrongType.exit() != 0 && wrongType.err().contains("minAvailable") && !wrongType.err().contains("500")
                && !wrongType.err().contains("InternalError"), wrongType.err());
    }
}
