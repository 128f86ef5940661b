package dev.orchestrator.scheduler.plugins.internal;

import static dev.orchestrator.scheduler.plugins.internal.Fixtures.nodeInfo;
import static dev.orchestrator.scheduler.plugins.internal.Fixtures.pod;
import static dev.orchestrator.scheduler.plugins.internal.Fixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.Status;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PodTopologySpread and InterPodAffinity, which look at the pods already placed. */
class PodPlacementPluginsTest {

    private static PodInfo web(String name) {
        return pod(name, x -> x.editMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .editSpec().addNewTopologySpreadConstraint().withMaxSkew(1).withTopologyKey("zone")
                .withWhenUnsatisfiable("DoNotSchedule")
                .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web")).build())
                .endTopologySpreadConstraint().endSpec());
    }

    @Test
    void hardSpreadConstraintKeepsSkewWithinMaxSkew() {
        NodeInfo a = nodeInfo("a", Map.of("zone", "z1"), web("w1"), web("w2"));
        NodeInfo b = nodeInfo("b", Map.of("zone", "z2"), web("w3"));
        NodeInfo unlabelled = nodeInfo("c", Map.of());
        PodTopologySpread plugin = new PodTopologySpread();
        CycleState state = state(a, b, unlabelled);
        PodInfo next = web("w4");
        assertTrue(plugin.preFilter(state, next).isSuccess());
        assertEquals(PodTopologySpread.REASON, plugin.filter(state, next, a).message());
        assertTrue(plugin.filter(state, next, b).isSuccess());
        assertEquals(PodTopologySpread.MISSING_LABEL, plugin.filter(state, next, unlabelled).message());
        assertEquals(Status.Code.SKIP, plugin.preFilter(state(a), pod("plain", "1", "1Gi")).code());
    }

    @Test
    void requiredAffinityNeedsAMatchingPodInTheDomainExceptForTheFirstOfAGroup() {
        PodInfo cache = pod("cache", x -> x.editMetadata().withLabels(Map.of("app", "cache")).endMetadata());
        NodeInfo withCache = nodeInfo("a", Map.of("kubernetes.io/hostname", "a"), cache);
        NodeInfo empty = nodeInfo("b", Map.of("kubernetes.io/hostname", "b"));
        PodInfo app = pod("app", x -> x.editSpec().withNewAffinity().withNewPodAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey("kubernetes.io/hostname")
                .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "cache")).build())
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAffinity().endAffinity().endSpec());
        InterPodAffinity plugin = new InterPodAffinity();
        CycleState state = state(withCache, empty);
        plugin.preFilter(state, app);
        assertTrue(plugin.filter(state, app, withCache).isSuccess());
        assertEquals(InterPodAffinity.AFFINITY, plugin.filter(state, app, empty).message());

        PodInfo selfAffine = pod("first", x -> x.editMetadata().withLabels(Map.of("app", "db")).endMetadata()
                .editSpec().withNewAffinity().withNewPodAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey("kubernetes.io/hostname")
                .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "db")).build())
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAffinity().endAffinity().endSpec());
        CycleState fresh = state(withCache, empty);
        plugin.preFilter(fresh, selfAffine);
        assertTrue(plugin.filter(fresh, selfAffine, empty).isSuccess());
    }

    @Test
    void antiAffinityWorksBothWays() {
        PodInfo lonely = pod("lonely", x -> x.editMetadata().withLabels(Map.of("app", "lonely")).endMetadata()
                .editSpec().withNewAffinity().withNewPodAntiAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey("kubernetes.io/hostname")
                .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "lonely")).build())
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity().endSpec());
        NodeInfo taken = nodeInfo("a", Map.of("kubernetes.io/hostname", "a"), lonely);
        NodeInfo free = nodeInfo("b", Map.of("kubernetes.io/hostname", "b"));
        InterPodAffinity plugin = new InterPodAffinity();

        PodInfo second = pod("lonely2", x -> x.editMetadata().withLabels(Map.of("app", "lonely")).endMetadata());
        CycleState state = state(taken, free);
        plugin.preFilter(state, second);
        assertEquals(InterPodAffinity.EXISTING_ANTI_AFFINITY, plugin.filter(state, second, taken).message());
        assertTrue(plugin.filter(state, second, free).isSuccess());

        PodInfo another = pod("lonely3", x -> x.editMetadata().withLabels(Map.of("app", "other")).endMetadata()
                .editSpec().withAffinity(lonely.pod().getSpec().getAffinity()).endSpec());
        CycleState s2 = state(taken, free);
        plugin.preFilter(s2, another);
        assertEquals(InterPodAffinity.ANTI_AFFINITY, plugin.filter(s2, another, taken).message());
        assertEquals(Status.Code.SKIP, plugin.preFilter(state(free), pod("plain", "1", "1Gi")).code());
    }

    @Test
    void preferredAntiAffinitySpreadsAndPreferredAffinityAttracts() {
        PodInfo web1 = pod("web1", x -> x.editMetadata().withLabels(Map.of("app", "web")).endMetadata());
        NodeInfo busy = nodeInfo("a", Map.of("kubernetes.io/hostname", "a"), web1);
        NodeInfo free = nodeInfo("b", Map.of("kubernetes.io/hostname", "b"));
        LabelSelectorBuilder web = new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web"));
        PodInfo avoid = pod("web2", x -> x.editMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .editSpec().withNewAffinity().withNewPodAntiAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(100).withNewPodAffinityTerm()
                .withTopologyKey("kubernetes.io/hostname").withLabelSelector(web.build()).endPodAffinityTerm()
                .endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity().endSpec());
        InterPodAffinity plugin = new InterPodAffinity();
        CycleState state = state(busy, free);
        assertTrue(plugin.preScore(state, avoid, java.util.List.of(busy, free)).isSuccess());
        long[] scores = {plugin.score(state, avoid, busy), plugin.score(state, avoid, free)};
        plugin.normalize(state, avoid, java.util.List.of(busy, free), scores);
        assertEquals(0, scores[0]);
        assertEquals(100, scores[1]);

        PodInfo join = pod("sidecar", x -> x.editSpec().withNewAffinity().withNewPodAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(50).withNewPodAffinityTerm()
                .withTopologyKey("kubernetes.io/hostname").withLabelSelector(web.build()).endPodAffinityTerm()
                .endPreferredDuringSchedulingIgnoredDuringExecution().endPodAffinity().endAffinity().endSpec());
        CycleState s2 = state(busy, free);
        plugin.preScore(s2, join, java.util.List.of(busy, free));
        assertTrue(plugin.score(s2, join, busy) > plugin.score(s2, join, free));
        assertEquals(Status.Code.SKIP, plugin.preScore(state(busy), pod("plain", "1", "1Gi"), java.util.List.of(busy)).code());
    }
}
