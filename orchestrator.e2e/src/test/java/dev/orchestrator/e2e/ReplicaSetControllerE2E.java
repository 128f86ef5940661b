package dev.orchestrator.e2e;

import static dev.orchestrator.e2e.Workloads.replicaSet;
import static dev.orchestrator.e2e.RealNodeCluster.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ReplicaSet controller (orchestrator.controllers on orchestrator.controllers.runtime) in a
 * running all-in-one with one hollow node, driven by real kubectl: pods created with controller
 * owner references, scaling up and down (the unscheduled pods go first), a deleted pod replaced,
 * an orphan adopted, a selector that does not match the template refused by the API, and the
 * controllers bundle updated while a ReplicaSet scales without any pod created twice; and the
 * ServiceAccount controller of the same bundle (a {@code default} ServiceAccount in every namespace).
 * Each test uses objects of its own in one shared cluster.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReplicaSetControllerE2E extends HollowNodeCluster {

    private static final String NODE = "hollow-rs";

    ReplicaSetControllerE2E() {
        super(NODE, 202, "capacityCpu=32", "capacityMemory=64Gi");
    }

    private String jsonpath(String kind, String name, String path) throws Exception {
        return cluster.jsonpath(kind, name, path);
    }

    private void apply(String yaml) throws Exception {
        ok(cluster.kubectlWithInput(yaml, "apply", "-f", "-"));
    }

    /** Pods with the ReplicaSet's labels that are not being deleted. */
    private List<Pod> livePods(String rs) {
        return client.pods().inNamespace("default").withLabel("app", rs).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private List<Pod> awaitRunning(String rs, int count) throws Exception {
        return Eventually.until(count + " running pods of " + rs, 90, () -> livePods(rs), pods -> pods.size() == count
                && pods.stream().allMatch(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())));
    }

    private void awaitReadyStatus(String rs, int replicas) throws Exception {
        Eventually.until("status of " + rs, 60, () -> client.apps().replicaSets().inNamespace("default").withName(rs).get(),
                r -> r.getStatus() != null && r.getStatus().getReplicas() == replicas
                        && n(r.getStatus().getReadyReplicas()) == replicas && n(r.getStatus().getAvailableReplicas()) == replicas
                        && n(r.getStatus().getFullyLabeledReplicas()) == replicas
                        && r.getMetadata().getGeneration().equals(r.getStatus().getObservedGeneration()));
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    private static Set<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    }

    private void assertControlledBy(String rs, List<Pod> pods) {
        String uid = client.apps().replicaSets().inNamespace("default").withName(rs).get().getMetadata().getUid();
        for (Pod pod : pods) {
            List<OwnerReference> controllers = pod.getMetadata().getOwnerReferences().stream()
                    .filter(r -> Boolean.TRUE.equals(r.getController())).toList();
            assertEquals(1, controllers.size(), pod.getMetadata().getName() + " " + pod.getMetadata().getOwnerReferences());
            OwnerReference ref = controllers.get(0);
            assertEquals("apps/v1", ref.getApiVersion());
            assertEquals("ReplicaSet", ref.getKind());
            assertEquals(rs, ref.getName());
            assertEquals(uid, ref.getUid());
            assertEquals(Boolean.TRUE, ref.getBlockOwnerDeletion());
        }
    }

    @Test
    void aReplicaSetKeepsItsPodsThroughScalingAndDeletion() throws Exception {
        apply(replicaSet("web", 3));
        List<Pod> first = awaitRunning("web", 3);
        assertControlledBy("web", first);
        assertTrue(first.stream().allMatch(p -> p.getMetadata().getName().startsWith("web-")), names(first).toString());
        awaitReadyStatus("web", 3);
        String events = Eventually.until("SuccessfulCreate events", 30,
                () -> cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=web").out(),
                e -> e.contains("SuccessfulCreate"));
        assertTrue(events.contains("Created pod: web-"), events);
        String table = ok(cluster.kubectl("get", "rs", "web")).out();
        assertTrue(table.matches("(?s).*web\\s+3\\s+3\\s+3\\s.*"), table);

        // up while the node is cordoned: the two new pods stay unscheduled; down again deletes exactly those
        ok(cluster.kubectl("cordon", NODE));
        ok(cluster.kubectl("scale", "rs", "web", "--replicas=5"));
        List<Pod> five = Eventually.until("5 pods of web", 60, () -> livePods("web"), p -> p.size() == 5);
        assertControlledBy("web", five);
        ok(cluster.kubectl("scale", "rs", "web", "--replicas=3"));
        List<Pod> three = Eventually.until("3 pods of web", 60, () -> livePods("web"), p -> p.size() == 3);
        assertEquals(names(first), names(three), "scaling down deletes the unscheduled pods, keeps the running ones");
        ok(cluster.kubectl("uncordon", NODE));
        Eventually.until("SuccessfulDelete events", 30,
                () -> cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=web").out(),
                e -> e.contains("SuccessfulDelete") && e.contains("Deleted pod: web-"));

        // a deleted pod is replaced
        String victim = first.get(0).getMetadata().getName();
        ok(cluster.kubectl("delete", "pod", victim, "--wait=false"));
        List<Pod> replaced = Eventually.until("a replacement", 60, () -> livePods("web"),
                p -> p.size() == 3 && !names(p).contains(victim)
                        && p.stream().allMatch(x -> x.getStatus() != null && "Running".equals(x.getStatus().getPhase())));
        assertControlledBy("web", replaced);
        awaitReadyStatus("web", 3);

        // down to zero
        ok(cluster.kubectl("scale", "rs", "web", "--replicas=0"));
        Eventually.until("no pods of web", 60, () -> livePods("web"), List::isEmpty);
        awaitReadyStatus("web", 0);
    }

    @Test
    void anOrphanWithMatchingLabelsIsAdoptedAndANonMatchingPodReleased() throws Exception {
        ok(cluster.kubectlWithInput("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"orphan","labels":{"app":"adopt"}},
                 "spec":{"terminationGracePeriodSeconds":1,"containers":[{"name":"main","image":"busybox:1","command":["sleep","3600"]}]}}
                """, "create", "-f", "-"));
        Eventually.until("orphan running", 60, () -> jsonpath("pod", "orphan", "{.status.phase}"), "Running"::equals);
        apply(replicaSet("adopt", 2));
        List<Pod> pods = awaitRunning("adopt", 2);
        assertTrue(names(pods).contains("orphan"), "the orphan counts as one of the two: " + names(pods));
        assertControlledBy("adopt", pods);
        awaitReadyStatus("adopt", 2);

        // relabel one pod: the ReplicaSet releases it and makes another
        String other = names(pods).stream().filter(n -> !n.equals("orphan")).findFirst().orElseThrow();
        ok(cluster.kubectl("label", "pod", other, "app=gone", "--overwrite"));
        Eventually.until("released", 60, () -> client.pods().inNamespace("default").withName(other).get(),
                p -> p.getMetadata().getOwnerReferences().isEmpty());
        awaitRunning("adopt", 2);
        ok(cluster.kubectl("delete", "pod", other, "--wait=false"));
    }

    /**
     * A quota of one pod in a namespace: the ReplicaSet of three gets one pod, the refused creations
     * show as the ReplicaFailure condition and FailedCreate events aggregated as Kubernetes does (at
     * most ten distinct messages, then one combined event whose count grows) at the pace of the
     * back-off, not in a hot loop; raising the quota lets it recover and clears the condition.
     */
    @Test
    void refusedPodsSetReplicaFailureAndBackOff() throws Exception {
        ok(cluster.kubectl("create", "namespace", "limited"));
        ok(cluster.kubectl("create", "quota", "pod-limit", "--hard=pods=1", "-n", "limited"));
        ok(cluster.kubectlWithInput(replicaSet("capped", 3), "apply", "-n", "limited", "-f", "-"));
        Eventually.until("ReplicaFailure", 60, () -> cluster.kubectl("get", "rs", "capped", "-n", "limited", "-o",
                "jsonpath={.status.conditions[?(@.type==\"ReplicaFailure\")].reason}").out(), "FailedCreate"::equals);
        String message = cluster.kubectl("get", "rs", "capped", "-n", "limited", "-o",
                "jsonpath={.status.conditions[?(@.type==\"ReplicaFailure\")].message}").out();
        assertTrue(message.contains("exceeded quota: pod-limit"), message);
        assertEquals(1, client.pods().inNamespace("limited").list().getItems().size());
        String events = Eventually.until("FailedCreate event", 30, () -> cluster.kubectl("get", "events", "-n", "limited",
                "--field-selector", "involvedObject.name=capped,reason=FailedCreate", "-o",
                "jsonpath={range .items[*]}{.count} {.message}{\"\\n\"}{end}").out(), e -> !e.isBlank());
        assertTrue(events.contains("Error creating: pods \"capped-"), events);
        int before = failedCreates();
        Thread.sleep(10_000);
        int after = failedCreates();
        String all = cluster.kubectl("get", "events", "-n", "limited", "--field-selector",
                "involvedObject.name=capped,reason=FailedCreate", "-o",
                "jsonpath={range .items[*]}{.count} {.message}{\"\\n\"}{end}").out();
        assertTrue(all.trim().split("\n").length <= 11, "at most 10 distinct events and a combined one: " + all);
        // the back-off doubles from 5 ms: about a dozen attempts in the first ten seconds, not thousands
        assertTrue(after - before <= 30, "FailedCreate went from " + before + " to " + after + " in 10 s");
        assertEquals(1, client.pods().inNamespace("limited").list().getItems().size());

        ok(cluster.kubectl("patch", "quota", "pod-limit", "-n", "limited", "--type=merge", "-p",
                "{\"spec\":{\"hard\":{\"pods\":\"3\"}}}"));
        Eventually.until("3 pods once the quota allows them", 120,
                () -> client.pods().inNamespace("limited").list().getItems().size(), n -> n == 3);
        Eventually.until("ReplicaFailure cleared", 60, () -> cluster.kubectl("get", "rs", "capped", "-n", "limited", "-o",
                "jsonpath={.status.conditions}").out(), c -> !c.contains("ReplicaFailure"));
    }

    /** The FailedCreate attempts the events of {@code capped} count, over all of them. */
    private int failedCreates() throws Exception {
        String counts = cluster.kubectl("get", "events", "-n", "limited", "--field-selector",
                "involvedObject.name=capped,reason=FailedCreate", "-o", "jsonpath={.items[*].count}").out().trim();
        int sum = 0;
        for (String c : counts.isEmpty() ? new String[0] : counts.split("\\s+")) {
            sum += Integer.parseInt(c);
        }
        return sum;
    }

    @Test
    void aSelectorThatDoesNotMatchTheTemplateIsRefused() throws Exception {
        String yaml = replicaSet("mismatch", 1).replace("labels: {app: mismatch}", "labels: {app: other}");
        AllInOne.Result r = cluster.kubectlWithInput(yaml, "apply", "-f", "-");
        assertTrue(r.exit() != 0, r.all());
        assertTrue(r.err().contains("selector` does not match template `labels`"), r.err());
        AllInOne.Result raw = cluster.kubectl("get", "--raw", "/apis/apps/v1/namespaces/default/replicasets/mismatch");
        assertTrue(raw.err().contains("NotFound") || raw.err().contains("not found"), raw.all());
    }

    /**
     * The controllers bundle is updated twice while a ReplicaSet scales from 4 to 12: every pod
     * the test's watch ever saw added for it is one of the final 12, so no slot got two pods.
     */
    @Test
    void updatingTheControllersBundleWhileScalingCreatesNoPodTwice() throws Exception {
        Set<String> added = ConcurrentHashMap.newKeySet();
        try (Watch ignored = client.pods().inNamespace("default").withLabel("app", "swap").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED) {
                    added.add(pod.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            apply(replicaSet("swap", 4));
            awaitRunning("swap", 4);
            ok(cluster.kubectl("scale", "rs", "swap", "--replicas=12"));
            AllInOne.Result upgraded = cluster.upgradeBundle("orchestrator.controllers");
            assertEquals(0, upgraded.exit(), upgraded.all());
            ok(cluster.kubectl("scale", "rs", "swap", "--replicas=16"));
            upgraded = cluster.upgradeBundle("orchestrator.controllers");
            assertEquals(0, upgraded.exit(), upgraded.all());
            List<Pod> pods = awaitRunning("swap", 16);
            awaitReadyStatus("swap", 16);
            Thread.sleep(2000); // a duplicate created late would show up here
            assertEquals(16, livePods("swap").size());
            assertEquals(names(pods), added, "pods created for swap over the whole test");
            assertControlledBy("swap", pods);
        }
        // the new version still works
        String victim = livePods("swap").get(0).getMetadata().getName();
        ok(cluster.kubectl("delete", "pod", victim, "--wait=false"));
        Eventually.until("a replacement after the update", 60, () -> livePods("swap"),
                p -> p.size() == 16 && !names(p).contains(victim));
        ok(cluster.kubectl("scale", "rs", "swap", "--replicas=0"));
    }

    @Test
    void controllerMetricsAreServed() throws Exception {
        apply(replicaSet("metered", 1));
        awaitRunning("metered", 1);
        String metrics = Eventually.until("controller metrics", 30,
                () -> new String(new java.net.URL(cluster.url() + "/metrics").openStream().readAllBytes()),
                m -> m.contains("orchestrator_controller_reconciles_total{controller=\"replicaset\",result=\"done\"}"));
        assertTrue(metrics.contains("orchestrator_controller_queue_depth{controller=\"replicaset\"}"), metrics);
        assertTrue(metrics.contains("orchestrator_controller_queue_adds_total{controller=\"replicaset\"}"), metrics);
        assertTrue(metrics.contains("# TYPE orchestrator_controller_reconcile_duration_seconds histogram"), metrics);
        assertTrue(metrics.contains("orchestrator_controller_reconcile_duration_seconds_bucket{controller=\"replicaset\",le=\"+Inf\"}"),
                metrics);
        assertTrue(metrics.contains("orchestrator_controller_reconcile_duration_seconds_count{controller=\"replicaset\"}"),
                metrics);
        assertTrue(metrics.contains("orchestrator_controller_leader 1"), metrics);

        // the API server's and the scheduler's, as kubectl reads them (get --raw /metrics)
        ok(cluster.kubectl("get", "pods", "-l", "app=metered"));
        String raw = Eventually.until("API server and scheduler metrics", 30,
                () -> ok(cluster.kubectl("get", "--raw", "/metrics")).out(),
                m -> m.contains("apiserver_request_total{code=\"200\",component=\"apiserver\",dry_run=\"\","
                        + "group=\"\",resource=\"pods\",scope=\"namespace\",subresource=\"\",verb=\"LIST\","
                        + "version=\"v1\"}")
                        && scheduled(m) > 0);
        assertTrue(raw.contains("# TYPE apiserver_request_duration_seconds histogram"), raw);
        assertTrue(raw.contains("apiserver_current_inflight_requests{request_kind=\"readOnly\"}"), raw);
        assertTrue(raw.contains("apiserver_longrunning_requests{component=\"apiserver\",group=\"\",resource=\"pods\","
                + "scope=\"cluster\",subresource=\"\",verb=\"WATCH\",version=\"v1\"}"), "the informers' watch: " + raw);
        assertTrue(raw.contains("etcd_request_duration_seconds_count{operation=\"create\",type=\"pods\"}"), raw);
        assertTrue(raw.contains("apiserver_watch_cache_events_received_total{resource=\"pods\"}"), raw);
        assertTrue(raw.contains("scheduler_pending_pods{profile=\"default-scheduler\",queue=\"active\"}"), raw);
        assertTrue(raw.contains("scheduler_framework_extension_point_duration_seconds_count{extension_point=\"Bind\","
                + "profile=\"default-scheduler\",status=\"Success\"}"), raw);
        ok(cluster.kubectl("delete", "rs", "metered"));
    }

    /** {@code scheduler_schedule_attempts_total} of scheduled pods, 0 when it is not written. */
    private static double scheduled(String metrics) {
        String series = "scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"scheduled\"} ";
        return metrics.lines().filter(l -> l.startsWith(series))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length()).trim())).sum();
    }

    @Test
    void everyNamespaceGetsADefaultServiceAccountAgainWhenItIsDeleted() throws Exception {
        Eventually.until("default/default ServiceAccount", 60, () -> jsonpath("serviceaccount", "default",
                "{.metadata.name}"), "default"::equals);
        ok(cluster.kubectl("create", "namespace", "sa-team"));
        Eventually.until("sa-team/default ServiceAccount", 60, () -> cluster.kubectl("get", "serviceaccount",
                "default", "-n", "sa-team", "-o", "jsonpath={.metadata.uid}").out().trim(), uid -> !uid.isEmpty());
        String first = ok(cluster.kubectl("get", "sa", "default", "-n", "sa-team", "-o", "jsonpath={.metadata.uid}"))
                .out().trim();
        ok(cluster.kubectl("delete", "sa", "default", "-n", "sa-team"));
        String again = Eventually.until("sa-team/default made again", 60, () -> cluster.kubectl("get", "sa", "default",
                "-n", "sa-team", "-o", "jsonpath={.metadata.uid}").out().trim(), uid -> !uid.isEmpty() && !uid.equals(first));
        assertNotEquals(first, again);
        ok(cluster.kubectl("delete", "namespace", "sa-team"));
    }
}
