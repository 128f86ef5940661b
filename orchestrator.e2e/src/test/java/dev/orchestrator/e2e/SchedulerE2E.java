package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The scheduler inside a running all-in-one, driven with real kubectl: hollow nodes (Node
 * objects with capacity, posted by the test; no kubelet) and pods. Each test uses its own group of
 * nodes, selected by a label, so the tests do not see each other's pods.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SchedulerE2E {

    private AllInOne cluster;

    @BeforeAll
    void start() throws Exception {
        // Its nodes are API objects without kubelets: the node lifecycle controller would mark them Unknown and
        // taint them unschedulable a minute after they appear, as Kubernetes' does.
        cluster = AllInOne.start(false, Map.of("orchestrator.controllers.nodelifecycle.cfg", "enabled=false\n"));
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void node(String name, String group, String cpu) throws Exception {
        String json = """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"%s","labels":{"group":"%s",
                 "kubernetes.io/hostname":"%s"}},
                 "status":{"capacity":{"cpu":"%s","memory":"16Gi","pods":"110"},
                           "allocatable":{"cpu":"%s","memory":"16Gi","pods":"110"}}}
                """.formatted(name, group, name, cpu, cpu);
        ok(cluster.kubectlWithInput(json, "create", "-f", "-"));
    }

    private void pod(String name, String group, String cpu, String extraSpec) throws Exception {
        String json = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"%s"}},
                 "spec":{"nodeSelector":{"group":"%s"}%s,
                         "containers":[{"name":"c","image":"busybox","resources":{"requests":{"cpu":"%s"}}}]}}
                """.formatted(name, group, group, extraSpec, cpu);
        ok(cluster.kubectlWithInput(json, "create", "-f", "-"));
    }

    private static AllInOne.Result ok(AllInOne.Result r) {
        return AllInOne.ok(r);
    }

    /** Node of each pod with the label app=group, once all are bound. */
    private Map<String, String> placements(String group, int pods) throws Exception {
        return Eventually.until(pods + " pods app=" + group + " bound", 30,
                () -> cluster.boundPods("-l", "app=" + group), placed -> placed.size() == pods);
    }

    private static List<Long> podsPerNode(Map<String, String> placements, String... nodes) {
        List<Long> counts = new ArrayList<>();
        for (String n : nodes) {
            counts.add(placements.values().stream().filter(n::equals).count());
        }
        counts.sort(null);
        return counts;
    }

    private String await(Predicate<String> done, String... kubectl) throws Exception {
        return Eventually.until("kubectl " + String.join(" ", kubectl) + " as expected", 30,
                () -> cluster.kubectl(kubectl).out(), done);
    }

    @Test
    void binpackFillsOneNodeBeforeTheNext() throws Exception {
        for (int i = 1; i <= 3; i++) {
            node("pack-" + i, "pack", "4");
        }
        for (int i = 1; i <= 6; i++) {
            pod("pack-pod-" + i, "pack", "1", "");
        }
        Map<String, String> placed = placements("pack", 6);
        assertEquals(List.of(0L, 2L, 4L), podsPerNode(placed, "pack-1", "pack-2", "pack-3"), placed.toString());
        String events = ok(cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=pack-pod-1")).out();
        assertTrue(events.contains("Scheduled") && events.contains("Successfully assigned default/pack-pod-1"), events);
    }

    @Test
    void spreadStrategyChosenByConfigurationSpreadsReplicas() throws Exception {
        for (int i = 1; i <= 3; i++) {
            node("spread-" + i, "spread", "8");
        }
        Files.writeString(cluster.dir().resolve("etc/orchestrator.scheduler.cfg"), "strategy=spread\n");
        try {
            awaitLog("strategy=spread");
            for (int i = 1; i <= 6; i++) {
                pod("spread-pod-" + i, "spread", "500m", "");
            }
            Map<String, String> placed = placements("spread", 6);
            assertEquals(List.of(2L, 2L, 2L), podsPerNode(placed, "spread-1", "spread-2", "spread-3"), placed.toString());
        } finally {
            Files.delete(cluster.dir().resolve("etc/orchestrator.scheduler.cfg"));
            awaitLog("strategy=binpack");
        }
    }

    /** Waits until the last strategy the scheduler logged is {@code text} ("strategy=spread"). */
    private void awaitLog(String text) throws Exception {
        Eventually.until("the scheduler switching to " + text, 30, cluster::log, log -> {
            int last = Math.max(log.lastIndexOf("strategy=spread"), log.lastIndexOf("strategy=binpack"));
            return last >= 0 && log.startsWith(text, last);
        });
    }

    @Test
    void unschedulablePodGetsEventAndConditionAndIsScheduledWhenANodeFits() throws Exception {
        node("small-1", "big", "2");
        node("small-2", "big", "2");
        node("other-group", "elsewhere", "64");
        pod("huge", "big", "16", "");
        // the scheduler sees nodes through a watch: wait until its message covers all three nodes
        String describe = await(out -> out.contains("2 Insufficient cpu")
                && out.contains("node(s) didn't match Pod's node affinity/selector"),
                "describe", "pod", "huge");
        assertTrue(describe.contains("0/") && describe.contains("nodes are available: ")
                && describe.contains("2 Insufficient cpu")
                && describe.contains("node(s) didn't match Pod's node affinity/selector"), describe);
        assertTrue(describe.contains("default-scheduler"), describe);
        String condition = await(out -> out.contains("False"), "get", "pod", "huge", "-o",
                "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].status}"
                        + " {.status.conditions[?(@.type==\"PodScheduled\")].reason}");
        assertEquals("False Unschedulable", condition.trim());

        node("roomy", "big", "32");
        assertEquals(Map.of("huge", "roomy"), placements("big", 1));
        assertEquals("True", await(out -> out.contains("True"), "get", "pod", "huge", "-o",
                "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].status}").trim());
    }

    @Test
    void taintsKeepPodsAwayUnlessTolerated() throws Exception {
        node("tainted", "taint", "4");
        ok(cluster.kubectl("taint", "nodes", "tainted", "dedicated=db:NoSchedule"));
        pod("untolerant", "taint", "1", "");
        pod("tolerant", "taint", "1", ",\"tolerations\":[{\"key\":\"dedicated\",\"value\":\"db\",\"effect\":\"NoSchedule\"}]");
        assertEquals("tainted", await(out -> out.equals("tainted"), "get", "pod", "tolerant", "-o",
                "jsonpath={.spec.nodeName}"));
        String describe = await(out -> out.contains("untolerated taint"), "describe", "pod", "untolerant");
        assertTrue(describe.contains("1 node(s) had untolerated taint {dedicated: db}"), describe);
    }

    @Test
    void podsForAnotherSchedulerAreLeftAlone() throws Exception {
        node("any-1", "other-scheduler", "4");
        pod("not-mine", "other-scheduler", "1", ",\"schedulerName\":\"someone-else\"");
        pod("mine", "other-scheduler", "1", "");
        // the queue is first in, first out: once the later pod is bound, the earlier one was passed over
        assertEquals(Map.of("mine", "any-1"), placements("other-scheduler", 1));
        assertEquals("", ok(cluster.kubectl("get", "pod", "not-mine", "-o", "jsonpath={.spec.nodeName}")).out());
        assertFalse(ok(cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=not-mine")).out()
                .contains("Scheduling"));
    }

    @Test
    void theSchedulerHoldsALease() throws Exception {
        String holder = await(out -> !out.isBlank(), "get", "lease", "-n", "kube-system",
                "orchestrator-default-scheduler", "-o", "jsonpath={.spec.holderIdentity}");
        assertTrue(Arrays.asList(holder.split("_")).size() >= 2, holder);
    }
}
