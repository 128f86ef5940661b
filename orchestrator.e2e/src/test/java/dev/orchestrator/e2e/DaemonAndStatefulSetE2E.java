package dev.orchestrator.e2e;

import static dev.orchestrator.e2e.RealNodeCluster.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The DaemonSet and StatefulSet controllers in a running all-in-one with two hollow nodes, driven by real kubectl:
 * a daemon pod on every node (and only on the nodes its selector picks, following their labels), a rolling update
 * node by node with {@code rollout status|history|undo}; a StatefulSet's pods made one by one in ordinal order with
 * stable names and DNS identities, scaled down from the highest ordinal, a deleted pod made again under its name, a
 * rolling update from the highest ordinal, and the spec fields that may not change refused. One shared cluster.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DaemonAndStatefulSetE2E extends HollowNodeCluster {

    private static final String NODE_A = "hollow-sets-a";
    private static final String NODE_B = "hollow-sets-b";

    DaemonAndStatefulSetE2E() {
        super(NODE_A, 209);
    }

    @Override
    protected Map<String, String> extraEtcFiles() {
        return HollowNode.config(NODE_B, 210);
    }

    private void apply(String yaml) throws Exception {
        ok(cluster.kubectlWithInput(yaml, "apply", "-f", "-"));
    }

    private List<Pod> livePods(String label, String value) {
        return client.pods().inNamespace("default").withLabel(label, value).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static boolean running(Pod p) {
        return p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
    }

    private static Set<String> nodes(List<Pod> pods) {
        return pods.stream().map(p -> p.getSpec().getNodeName()).filter(n -> n != null)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String daemonSet(String name, String image, String nodeSelector) {
        return """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: %1$s}
                spec:
                  selector: {matchLabels: {ds: %1$s}}
                  template:
                    metadata: {labels: {ds: %1$s}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      %3$s
                      containers: [{name: main, image: "%2$s", command: [sleep, "3600"]}]
                """.formatted(name, image, nodeSelector.isEmpty() ? "" : "nodeSelector: {" + nodeSelector + "}");
    }

    @Test
    void aDaemonSetRunsOnePodOnEveryNodeAndRollsOutNodeByNode() throws Exception {
        apply(daemonSet("agent", "busybox:1", ""));
        List<Pod> first = Eventually.until("a running agent on each node", 90, () -> livePods("ds", "agent"),
                pods -> pods.size() == 2 && pods.stream().allMatch(DaemonAndStatefulSetE2E::running));
        assertEquals(new TreeSet<>(List.of(NODE_A, NODE_B)), nodes(first));
        ok(cluster.kubectl("rollout", "status", "daemonset/agent", "--timeout=120s"));
        String table = ok(cluster.kubectl("get", "ds", "agent")).out();
        assertTrue(table.matches("(?s).*NAME\\s+DESIRED\\s+CURRENT\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+NODE SELECTOR"
                + "\\s+AGE.*agent\\s+2\\s+2\\s+2\\s+2\\s+2\\s+<none>.*"), table);
        String hash = first.get(0).getMetadata().getLabels().get("controller-revision-hash");
        assertEquals("agent-" + hash, ok(cluster.kubectl("get", "controllerrevisions", "-l", "ds=agent", "-o",
                "jsonpath={.items[*].metadata.name}")).out().trim());

        ok(cluster.kubectl("set", "image", "daemonset/agent", "main=busybox:2"));
        ok(cluster.kubectl("rollout", "status", "daemonset/agent", "--timeout=150s"));
        List<Pod> second = Eventually.until("the new agents", 60, () -> livePods("ds", "agent"),
                pods -> pods.size() == 2 && pods.stream().allMatch(p -> running(p)
                        && "busybox:2".equals(p.getSpec().getContainers().get(0).getImage())));
        assertEquals(new TreeSet<>(List.of(NODE_A, NODE_B)), nodes(second));
        assertNotEquals(hash, second.get(0).getMetadata().getLabels().get("controller-revision-hash"));
        String history = ok(cluster.kubectl("rollout", "history", "daemonset/agent")).out();
        assertTrue(history.matches("(?s).*REVISION.*\\n1 .*\\n2 .*"), history);
        String events = ok(cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=agent")).out();
        assertTrue(events.contains("SuccessfulDelete") && events.contains("Created pod: agent-"), events);

        ok(cluster.kubectl("rollout", "undo", "daemonset/agent"));
        ok(cluster.kubectl("rollout", "status", "daemonset/agent", "--timeout=150s"));
        List<Pod> back = Eventually.until("the first template back", 60, () -> livePods("ds", "agent"),
                pods -> pods.size() == 2 && pods.stream().allMatch(p -> running(p)
                        && "busybox:1".equals(p.getSpec().getContainers().get(0).getImage())));
        assertEquals(hash, back.get(0).getMetadata().getLabels().get("controller-revision-hash"),
                "going back reuses the first revision");
        ok(cluster.kubectl("delete", "ds", "agent"));
        Eventually.until("the agents gone", 60, () -> livePods("ds", "agent"), List::isEmpty);
    }

    @Test
    void aDaemonSetFollowsTheNodesItsSelectorPicks() throws Exception {
        try {
            ok(cluster.kubectl("label", "node", NODE_B, "sets-e2e/gpu=yes", "--overwrite"));
            apply(daemonSet("gpu-agent", "busybox:1", "sets-e2e/gpu: \"yes\""));
            Eventually.until("the agent on the labelled node only", 90, () -> livePods("ds", "gpu-agent"),
                    pods -> pods.size() == 1 && running(pods.get(0)) && NODE_B.equals(pods.get(0).getSpec().getNodeName()));
            ok(cluster.kubectl("label", "node", NODE_A, "sets-e2e/gpu=yes", "--overwrite"));
            Eventually.until("an agent on the newly labelled node", 90, () -> livePods("ds", "gpu-agent"),
                    pods -> nodes(pods).equals(new TreeSet<>(List.of(NODE_A, NODE_B))));
            ok(cluster.kubectl("label", "node", NODE_B, "sets-e2e/gpu-"));
            Eventually.until("no agent on the unlabelled node", 90, () -> livePods("ds", "gpu-agent"),
                    pods -> nodes(pods).equals(Set.of(NODE_A)) && pods.size() == 1);
            Eventually.until("status 1 desired", 30, () -> cluster.jsonpath("ds", "gpu-agent",
                    "{.status.desiredNumberScheduled}/{.status.numberMisscheduled}"), "1/0"::equals);
        } finally {
            cluster.kubectl("delete", "ds", "gpu-agent", "--ignore-not-found");
            cluster.kubectl("label", "node", NODE_A, "sets-e2e/gpu-");
            cluster.kubectl("label", "node", NODE_B, "sets-e2e/gpu-");
        }
    }

    @Test
    void badDaemonSetsAreRefusedWithTheFieldNamed() throws Exception {
        AllInOne.Result r = cluster.kubectlWithInput("""
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: bad}
                spec:
                  selector: {matchLabels: {ds: other}}
                  updateStrategy: {type: Sometimes}
                  template:
                    metadata: {labels: {ds: bad}}
                    spec: {containers: [{name: main, image: busybox}]}
                """, "apply", "-f", "-");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("spec.template.metadata.labels") && r.err().contains("spec.updateStrategy.type")
                && r.err().contains("is invalid"), r.err());
    }

    private static String statefulSet(String name, int replicas, String image, String extraSpec) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %1$s}
                spec:
                  clusterIP: None
                  selector: {sts: %1$s}
                  ports: [{port: 80}]
                ---
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: %1$s}
                spec:
                  serviceName: %1$s
                  replicas: %2$d
                  %4$s
                  selector: {matchLabels: {sts: %1$s}}
                  template:
                    metadata: {labels: {sts: %1$s}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers: [{name: main, image: "%3$s", command: [sleep, "3600"]}]
                """.formatted(name, replicas, image, extraSpec);
    }

    /** Records the names of the pods of a StatefulSet in the order their ADDED and DELETED events came. */
    private final class PodEvents implements Watcher<Pod>, AutoCloseable {
        final List<String> added = new CopyOnWriteArrayList<>();
        final List<String> deleted = new CopyOnWriteArrayList<>();
        private final Watch watch;

        PodEvents(String sts) {
            watch = client.pods().inNamespace("default").withLabel("sts", sts).watch(this);
        }

        @Override
        public void eventReceived(Action action, Pod pod) {
            if (action == Action.ADDED) {
                added.add(pod.getMetadata().getName());
            } else if (action == Action.DELETED) {
                deleted.add(pod.getMetadata().getName());
            }
        }

        @Override
        public void onClose(WatcherException cause) {
        }

        @Override
        public void close() {
            watch.close();
        }
    }

    private List<Pod> awaitReadyPods(String sts, int count) throws Exception {
        return Eventually.until(count + " ready pods of " + sts, 120, () -> livePods("sts", sts),
                pods -> pods.size() == count && pods.stream().allMatch(p -> running(p) && p.getStatus().getConditions()
                        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))));
    }

    @Test
    void aStatefulSetMakesItsPodsOneByOneWithStableNamesAndRemovesThemFromTheTop() throws Exception {
        try (PodEvents events = new PodEvents("db")) {
            apply(statefulSet("db", 3, "busybox:1", ""));
            List<Pod> pods = awaitReadyPods("db", 3);
            ok(cluster.kubectl("rollout", "status", "statefulset/db", "--timeout=120s"));
            assertEquals(List.of("db-0", "db-1", "db-2"), events.added, "made in ordinal order, each once");
            for (Pod pod : pods) {
                assertEquals(pod.getMetadata().getName(), pod.getSpec().getHostname());
                assertEquals("db", pod.getSpec().getSubdomain());
                assertEquals(pod.getMetadata().getName(), pod.getMetadata().getLabels().get("statefulset.kubernetes.io/pod-name"));
            }
            Pod first = pods.stream().filter(p -> p.getMetadata().getName().equals("db-1")).findFirst().orElseThrow();
            Pod second = pods.stream().filter(p -> p.getMetadata().getName().equals("db-2")).findFirst().orElseThrow();
            String readySince = first.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                    .findFirst().orElseThrow().getLastTransitionTime();
            assertTrue(second.getMetadata().getCreationTimestamp().compareTo(readySince) >= 0,
                    "db-2 made at " + second.getMetadata().getCreationTimestamp() + ", db-1 ready at " + readySince);
            String table = ok(cluster.kubectl("get", "sts", "db")).out();
            assertTrue(table.matches("(?s).*NAME\\s+READY\\s+AGE.*db\\s+3/3\\s.*"), table);
            // the headless Service names each pod: <pod>.db.default.svc by its endpoint's hostname
            Eventually.until("the pods' hostnames in the Service's endpoints", 60, () -> cluster.kubectl("get",
                    "endpointslices", "-l", "kubernetes.io/service-name=db", "-o",
                    "jsonpath={.items[*].endpoints[*].hostname}").out().trim(), h -> new TreeSet<>(List.of(h.split(" ")))
                    .equals(new TreeSet<>(List.of("db-0", "db-1", "db-2"))));

            String uid = first.getMetadata().getUid();
            ok(cluster.kubectl("delete", "pod", "db-1", "--wait=false"));
            Eventually.until("db-1 made again", 90, () -> livePods("sts", "db"), p -> p.size() == 3 && p.stream()
                    .anyMatch(x -> x.getMetadata().getName().equals("db-1") && !x.getMetadata().getUid().equals(uid)
                            && running(x)));
            awaitReadyPods("db", 3);

            events.deleted.clear();
            ok(cluster.kubectl("scale", "sts", "db", "--replicas=1"));
            Eventually.until("db down to db-0", 90, () -> livePods("sts", "db"), p -> p.size() == 1
                    && p.get(0).getMetadata().getName().equals("db-0"));
            Eventually.until("both deletions seen", 30, () -> List.copyOf(events.deleted), d -> d.size() == 2);
            assertEquals(List.of("db-2", "db-1"), events.deleted, "the highest ordinal goes first");
        } finally {
            cluster.kubectl("delete", "sts,svc", "db", "--ignore-not-found");
        }
    }

    @Test
    void aParallelStatefulSetMakesEveryPodWithoutWaitingAndRemovesThemAllAtOnce() throws Exception {
        // no node matches the pods' selector: they stay Pending, so an ordered set would stop at par-0
        String yaml = """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: par}
                spec:
                  serviceName: par
                  replicas: 4
                  podManagementPolicy: Parallel
                  selector: {matchLabels: {sts: par}}
                  template:
                    metadata: {labels: {sts: par}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      nodeSelector: {no-such-node: "true"}
                      containers: [{name: main, image: "busybox:1", command: [sleep, "3600"]}]
                """;
        try (PodEvents events = new PodEvents("par")) {
            apply(yaml);
            Eventually.until("four pending pods of par", 60, () -> livePods("sts", "par"), p -> p.size() == 4);
            assertEquals(Set.of("par-0", "par-1", "par-2", "par-3"), Set.copyOf(events.added), "each made once");
            assertEquals(4, events.added.size(), "each made once: " + events.added);
            ok(cluster.kubectl("scale", "sts", "par", "--replicas=0"));
            Eventually.until("every pod of par gone", 60, () -> livePods("sts", "par"), List::isEmpty);
        } finally {
            cluster.kubectl("delete", "sts", "par", "--ignore-not-found");
        }
    }

    @Test
    void aStatefulSetRollsOutFromTheHighestOrdinalAndKeepsThePartition() throws Exception {
        try (PodEvents events = new PodEvents("web")) {
            apply(statefulSet("web", 3, "busybox:1", ""));
            awaitReadyPods("web", 3);
            ok(cluster.kubectl("rollout", "status", "statefulset/web", "--timeout=120s"));
            String firstRevision = cluster.jsonpath("sts", "web", "{.status.updateRevision}");

            ok(cluster.kubectl("set", "image", "statefulset/web", "main=busybox:2"));
            ok(cluster.kubectl("rollout", "status", "statefulset/web", "--timeout=180s"));
            List<Pod> updated = awaitReadyPods("web", 3);
            assertTrue(updated.stream().allMatch(p -> "busybox:2".equals(p.getSpec().getContainers().get(0).getImage())));
            assertEquals(List.of("web-2", "web-1", "web-0"), events.deleted, "replaced from the highest ordinal down");
            String revisions = cluster.jsonpath("sts", "web", "{.status.currentRevision} {.status.updateRevision}");
            String[] both = revisions.split(" ");
            assertEquals(both[0], both[1], revisions);
            assertNotEquals(firstRevision, both[1]);
            String history = ok(cluster.kubectl("rollout", "history", "statefulset/web")).out();
            assertTrue(history.matches("(?s).*REVISION.*\\n1 .*\\n2 .*"), history);

            // a partition keeps the ordinals below it on the old template
            ok(cluster.kubectl("patch", "sts", "web", "--type=merge", "-p",
                    "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":2}}}}"));
            ok(cluster.kubectl("set", "image", "statefulset/web", "main=busybox:3"));
            Eventually.until("web-2 alone on the new template", 120, () -> livePods("sts", "web"), pods -> pods.size() == 3
                    && pods.stream().allMatch(p -> running(p) && p.getSpec().getContainers().get(0).getImage().equals(
                            p.getMetadata().getName().equals("web-2") ? "busybox:3" : "busybox:2")));
            Eventually.until("status of the partitioned rollout", 60, () -> cluster.jsonpath("sts", "web",
                    "{.status.updatedReplicas}/{.status.currentReplicas}"), "1/2"::equals);
        } finally {
            cluster.kubectl("delete", "sts,svc", "web", "--ignore-not-found");
        }
    }

    @Test
    void statefulSetFieldsThatMayNotChangeAndBadClaimTemplatesAreRefused() throws Exception {
        try {
            AllInOne.Result claims = cluster.kubectlWithInput(statefulSet("claims", 1, "busybox:1",
                    "volumeClaimTemplates: [{metadata: {name: data}, spec: {accessModes: [ReadWriteSometimes], "
                            + "resources: {requests: {storage: 1Gi}}}}]"), "apply", "-f", "-");
            assertNotEquals(0, claims.exit());
            assertTrue(claims.err().contains("spec.volumeClaimTemplates[0].spec.accessModes[0]"), claims.err());
            apply(statefulSet("fixed", 0, "busybox:1", ""));
            AllInOne.Result moved = cluster.kubectl("patch", "sts", "fixed", "--type=merge", "-p",
                    "{\"spec\":{\"serviceName\":\"other\"}}");
            assertNotEquals(0, moved.exit());
            assertTrue(moved.err().contains("updates to statefulset spec for fields other than"), moved.err());
        } finally {
            cluster.kubectl("delete", "sts,svc", "claims", "--ignore-not-found");
            cluster.kubectl("delete", "sts,svc", "fixed", "--ignore-not-found");
        }
    }
}
