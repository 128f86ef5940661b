package dev.orchestrator.controllers.internal.disruption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.controller.Lister;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The budget's status from its pods and their controllers' scale. */
class DisruptionStatusCalcTest {

    private static final Instant NOW = Instant.parse("2026-12-03T20:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private static PodDisruptionBudget budget(String min, String max, Map<String, String> disrupted) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withName("web").withNamespace("default")
                .withGeneration(3L).endMetadata().withNewSpec()
                .withMinAvailable(min == null ? null : intOrPercent(min))
                .withMaxUnavailable(max == null ? null : intOrPercent(max))
                .withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec()
                .withNewStatus().withDisruptedPods(disrupted).endStatus().build();
    }

    private static IntOrString intOrPercent(String value) {
        return value.endsWith("%") ? new IntOrString(value) : new IntOrString(Integer.parseInt(value));
    }

    private static Pod pod(String name, boolean ready, boolean deleting, String rsUid) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .addToLabels("app", "web").endMetadata().withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus();
        if (deleting) {
            b.editMetadata().withDeletionTimestamp("2026-12-03T19:59:00Z").endMetadata();
        }
        if (rsUid != null) {
            b.editMetadata().addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                    .withKind("ReplicaSet").withName("web-" + rsUid).withUid(rsUid).withController(true).build())
                    .endMetadata();
        }
        return b.build();
    }

    private static List<Pod> readyPods(int n, String rsUid) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pods.add(pod("web-" + i, true, false, rsUid));
        }
        return pods;
    }

    private static ControllerScale.Count scaleOf(int expected) {
        return new ControllerScale.Count(expected, List.of(), Optional.empty());
    }

    @ParameterizedTest(name = "min={0} max={1} ready={2} scale={3} → expected {4}, desired {5}, allowed {6}")
    @CsvSource(nullValues = "-", value = {
            "2,-,3,3,3,2,1", "2,-,2,3,2,2,0", "2,-,1,3,1,2,0", "50%,-,3,3,3,2,1", "50%,-,4,4,4,2,2",
            "-,1,3,3,3,2,1", "-,1,2,3,3,2,0", "-,34%,3,3,3,1,2", "-,-,3,3,0,0,0", "0,-,0,0,0,0,0"})
    void boundsAreTakenAsKubernetesTakesThem(String min, String max, int ready, int scale, int expected, int desired,
                                            int allowed) {
        PodDisruptionBudgetStatus status = DisruptionStatusCalc.compute(budget(min, max, null), readyPods(ready, "rs-1"),
                pods -> scaleOf(scale), TIMEOUT, NOW).status();
        assertEquals(expected, status.getExpectedPods());
        assertEquals(desired, status.getDesiredHealthy());
        assertEquals(ready, status.getCurrentHealthy());
        assertEquals(allowed, status.getDisruptionsAllowed());
        assertEquals(3L, status.getObservedGeneration());
        assertEquals(allowed > 0 ? "True/SufficientPods" : "False/InsufficientPods",
                status.getConditions().get(0).getStatus() + "/" + status.getConditions().get(0).getReason());
    }

    @Test
    void unreadyDeletingAndJustEvictedPodsAreNotHealthy() {
        List<Pod> pods = new ArrayList<>(readyPods(3, "rs-1"));
        pods.add(pod("unready", false, false, "rs-1"));
        pods.add(pod("leaving", true, true, "rs-1"));
        pods.add(pod("evicted", true, false, "rs-1"));
        PodDisruptionBudget budget = budget("2", null, Map.of("evicted", "2026-12-03T19:59:30Z"));
        DisruptionStatusCalc.Outcome outcome = DisruptionStatusCalc.compute(budget, pods, p -> scaleOf(6), TIMEOUT, NOW);
        assertEquals(3, outcome.status().getCurrentHealthy());
        assertEquals(1, outcome.status().getDisruptionsAllowed());
        assertEquals(Map.of("evicted", "2026-12-03T19:59:30Z"), outcome.status().getDisruptedPods());
        assertEquals(Optional.of(Instant.parse("2026-12-03T20:01:30Z")), outcome.recheck());
    }

    @Test
    void evictionsAreForgottenOnceThePodGoesOrTheTimeoutPasses() {
        List<Pod> pods = new ArrayList<>(readyPods(2, "rs-1"));
        pods.add(pod("overdue", true, false, "rs-1"));
        pods.add(pod("leaving", true, true, "rs-1"));
        PodDisruptionBudget budget = budget("1", null, Map.of("overdue", "2026-12-03T19:57:00Z",
                "leaving", "2026-12-03T19:59:50Z", "gone", "2026-12-03T19:59:50Z"));
        DisruptionStatusCalc.Outcome outcome = DisruptionStatusCalc.compute(budget, pods, p -> scaleOf(4), TIMEOUT, NOW);
        assertTrue(outcome.status().getDisruptedPods().isEmpty(), outcome.status().getDisruptedPods().toString());
        assertEquals(3, outcome.status().getCurrentHealthy(), "an overdue eviction's pod counts again");
        assertEquals(Optional.empty(), outcome.recheck());
    }

    @Test
    void anUnknownControllerFailsSafe() {
        DisruptionStatusCalc.Outcome outcome = DisruptionStatusCalc.compute(budget("50%", null, null), readyPods(3, "x"),
                p -> new ControllerScale.Count(0, List.of(), Optional.of("found no controllers for pod \"web-0\"")),
                TIMEOUT, NOW);
        assertEquals(0, outcome.status().getDisruptionsAllowed());
        assertEquals("SyncFailed", outcome.status().getConditions().get(0).getReason());
        assertTrue(outcome.failure().isPresent());
    }

    @Test
    void onlyAChangeBesidesTheTransitionTimeIsWritten() {
        PodDisruptionBudget budget = budget("2", null, null);
        PodDisruptionBudgetStatus first = DisruptionStatusCalc.compute(budget, readyPods(3, "rs-1"), p -> scaleOf(3),
                TIMEOUT, NOW).status();
        assertTrue(DisruptionStatusCalc.differs(budget.getStatus(), first));
        budget.setStatus(first);
        PodDisruptionBudgetStatus again = DisruptionStatusCalc.compute(budget, readyPods(3, "rs-1"), p -> scaleOf(3),
                TIMEOUT, NOW.plusSeconds(30)).status();
        assertFalse(DisruptionStatusCalc.differs(first, again));
        assertEquals(first.getConditions().get(0).getLastTransitionTime(), again.getConditions().get(0).getLastTransitionTime());
    }

    @Test
    void theScaleOfADeploymentCountsOnceForAllItsReplicaSets() {
        Deployment deployment = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default")
                .withUid("d-1").endMetadata().withNewSpec().withReplicas(4).endSpec().build();
        List<ReplicaSet> sets = new ArrayList<>();
        for (String uid : List.of("rs-1", "rs-2")) {
            sets.add(new ReplicaSetBuilder().withNewMetadata().withName("web-" + uid).withNamespace("default").withUid(uid)
                    .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                            .withName("web").withUid("d-1").withController(true).build())
                    .endMetadata().withNewSpec().withReplicas(2).endSpec().build());
        }
        sets.add(new ReplicaSetBuilder().withNewMetadata().withName("web-rs-3").withNamespace("default").withUid("rs-3")
                .endMetadata().withNewSpec().withReplicas(3).endSpec().build());
        ControllerScale scale = new ControllerScale(lister(sets), lister(List.of(deployment)), lister(List.of()));
        List<Pod> pods = new ArrayList<>();
        pods.addAll(readyPods(1, "rs-1"));
        pods.add(pod("b", true, false, "rs-2"));
        pods.add(pod("c", true, false, "rs-3"));
        pods.add(pod("orphan", true, false, null));
        ControllerScale.Count count = scale.of(pods);
        assertEquals(7, count.expected());
        assertEquals(List.of("orphan"), count.unmanaged());
        assertTrue(scale.of(List.of(pod("lost", true, false, "rs-9"))).failure().isPresent());
    }

    @Test
    void theScaleOfAStatefulSetIsItsReplicas() {
        StatefulSet sts = new StatefulSetBuilder().withNewMetadata().withName("db").withNamespace("default")
                .withUid("sts-1").endMetadata().withNewSpec().withReplicas(3).endSpec().build();
        ControllerScale scale = new ControllerScale(lister(List.of()), lister(List.of()), lister(List.of(sts)));
        Pod pod = new PodBuilder(pod("db-0", true, false, null)).editMetadata().addToOwnerReferences(
                new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet").withName("db")
                        .withUid("sts-1").withController(true).build()).endMetadata().build();
        assertEquals(3, scale.of(List.of(pod)).expected());
    }

    private static <T extends HasMetadata> Lister<T> lister(List<T> objects) {
        return new Lister<>() {
            @Override
            public Optional<T> get(String namespace, String name) {
                return objects.stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
            }

            @Override
            public List<T> list(String namespace) {
                return objects;
            }

            @Override
            public List<T> list(String namespace, LabelSelector selector) {
                return objects;
            }

            @Override
            public List<T> controlledBy(String namespace, String controllerUid) {
                throw new UnsupportedOperationException("the disruption controller does not claim");
            }
        };
    }
}
