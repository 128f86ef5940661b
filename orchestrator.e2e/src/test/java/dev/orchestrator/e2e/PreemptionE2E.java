package dev.orchestrator.e2e;

import static dev.orchestrator.e2e.RealNodeCluster.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pod priority end to end, with real kubectl on an all-in-one whose one hollow node has room for two pods: pods get
 * their PriorityClass's priority, a pod that fits nowhere has a pod of lower priority preempted (deleted, with an
 * event) and takes its place, and a class with {@code preemptionPolicy: Never} waits instead.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PreemptionE2E extends HollowNodeCluster {

    private static final String NODE = "hollow-preempt";

    PreemptionE2E() {
        super(NODE, 211, "capacityCpu=2", "capacityMemory=4Gi");
    }

    private void pod(String name, String priorityClass) throws Exception {
        ok(cluster.kubectlWithInput("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"preempt"}},
                 "spec":{"priorityClassName":"%s","terminationGracePeriodSeconds":1,
                  "containers":[{"name":"c","image":"busybox","command":["sleep","3600"],
                                 "resources":{"requests":{"cpu":"900m"}}}]}}
                """.formatted(name, priorityClass), "create", "-f", "-"));
    }

    private String phase(String pod) throws Exception {
        return cluster.jsonpath("pod", pod, "{.status.phase}");
    }

    @Test
    void aHigherPriorityPodPreemptsALowerOneAndNeverWaits() throws Exception {
        ok(cluster.kubectl("create", "priorityclass", "low", "--value=10"));
        ok(cluster.kubectl("create", "priorityclass", "high", "--value=1000"));
        ok(cluster.kubectl("create", "priorityclass", "polite", "--value=500", "--preemption-policy=Never"));
        pod("low-a", "low");
        Eventually.until("low-a running", 60, () -> phase("low-a"), "Running"::equals);
        pod("low-b", "low");
        Eventually.until("low-b running", 60, () -> phase("low-b"), "Running"::equals);
        assertEquals("10", cluster.jsonpath("pod", "low-a", "{.spec.priority}"));

        pod("urgent", "high");
        Eventually.until("urgent running", 90, () -> phase("urgent"), "Running"::equals);
        List<Pod> left = client.pods().inNamespace("default").withLabel("app", "preempt").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        List<String> lows = left.stream().map(p -> p.getMetadata().getName()).filter(n -> n.startsWith("low-")).toList();
        assertEquals(1, lows.size(), "exactly one low pod preempted: " + lows);
        String victim = lows.get(0).equals("low-a") ? "low-b" : "low-a";
        String events = Eventually.until("the Preempted event", 30, () -> cluster.kubectl("get", "events",
                "--field-selector", "involvedObject.name=" + victim, "-o", "jsonpath={.items[*].reason} {.items[*].message}")
                .out(), e -> e.contains("Preempted"));
        assertTrue(events.contains("Preempted by pod default/urgent on node " + NODE), events);

        // higher than the low pod left, but a class that never preempts: it waits
        pod("polite", "polite");
        Eventually.until("polite unschedulable", 30, () -> cluster.jsonpath("pod", "polite",
                "{.status.conditions[?(@.type==\"PodScheduled\")].reason}"), "Unschedulable"::equals);
        Thread.sleep(3000); // what a preemption would take: a deletion and a retry of the pod after its back-off
        assertEquals("Pending", phase("polite"));
        assertEquals("Running/", cluster.jsonpath("pod", lows.get(0), "{.status.phase}/{.metadata.deletionTimestamp}"),
                "preemptionPolicy Never preempts nobody");
    }
}
