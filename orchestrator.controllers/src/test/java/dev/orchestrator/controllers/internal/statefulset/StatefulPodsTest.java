package dev.orchestrator.controllers.internal.statefulset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatefulPodsTest {

    @Test
    void buildsThePodOfAnOrdinalWithItsIdentity() {
        StatefulSet sts = Fixtures.ordered(3);
        Pod pod = StatefulPods.build(sts, 2, sts.getSpec().getTemplate(), "web-7c9d");
        assertEquals("web-2", pod.getMetadata().getName());
        assertEquals("default", pod.getMetadata().getNamespace());
        assertEquals(Map.of("app", "web", "statefulset.kubernetes.io/pod-name", "web-2",
                "apps.kubernetes.io/pod-index", "2", "controller-revision-hash", "web-7c9d"),
                pod.getMetadata().getLabels());
        assertEquals(Map.of("note", "x"), pod.getMetadata().getAnnotations());
        assertEquals("web-2", pod.getSpec().getHostname());
        assertEquals("nginx", pod.getSpec().getSubdomain());
        assertEquals("nginx:1", pod.getSpec().getContainers().get(0).getImage());
        OwnerReference owner = pod.getMetadata().getOwnerReferences().get(0);
        assertEquals("StatefulSet", owner.getKind());
        assertEquals("apps/v1", owner.getApiVersion());
        assertEquals("web", owner.getName());
        assertEquals("sts-uid", owner.getUid());
        assertTrue(owner.getController());
        assertNull(sts.getSpec().getTemplate().getSpec().getHostname(), "the cached template is not changed");
        assertEquals(Map.of("app", "web"), sts.getSpec().getTemplate().getMetadata().getLabels());
    }

    @Test
    void noSubdomainWithoutAServiceName() {
        StatefulSet sts = Fixtures.set(1).editSpec().withServiceName(null).endSpec().build();
        Pod pod = StatefulPods.build(sts, 0, sts.getSpec().getTemplate(), "web-1");
        assertEquals("web-0", pod.getSpec().getHostname());
        assertNull(pod.getSpec().getSubdomain());
    }

    @Test
    void ordinalsStartNamesTheFirstPod() {
        StatefulSet sts = Fixtures.set(2).editSpec().withNewOrdinals().withStart(3).endOrdinals().endSpec().build();
        assertEquals(3, StatefulSetSpecs.start(sts));
        assertEquals("web-3", StatefulPods.name(sts, StatefulSetSpecs.start(sts)));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"web-0, 0", "web-12, 12", "web-01, -1", "web-, -1", "web-x, -1", "web-1-2, -1", "webs-1, -1",
            "other-1, -1", "web--1, -1"})
    void ordinalOfAName(String name, int ordinal) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).endMetadata().build();
        OptionalInt found = StatefulPods.ordinalOf(Fixtures.ordered(1), pod);
        assertEquals(ordinal, found.orElse(-1));
    }

    @Test
    void defaultsApplyWhenTheSpecSaysNothing() {
        StatefulSet bare = new StatefulSetBuilder().withNewMetadata()
                .withName("web").endMetadata().withNewSpec().endSpec().build();
        assertEquals(1, StatefulSetSpecs.replicas(bare));
        assertEquals(0, StatefulSetSpecs.start(bare));
        assertEquals(0, StatefulSetSpecs.partition(bare));
        assertEquals(10, StatefulSetSpecs.revisionHistoryLimit(bare));
        assertFalse(StatefulSetSpecs.parallel(bare));
        assertFalse(StatefulSetSpecs.onDelete(bare));
    }

    @Test
    void eventsAreWordedAsKubernetesWordsThem() {
        StatefulSet sts = Fixtures.ordered(3);
        assertEquals("create Pod web-0 in StatefulSet web successful", ActionWrites.message("create", "web-0", sts, null));
        assertEquals("delete Pod web-2 in StatefulSet web successful", ActionWrites.message("delete", "web-2", sts, null));
        assertEquals("create Pod web-1 in StatefulSet web failed error: quota exceeded",
                ActionWrites.message("create", "web-1", sts, "quota exceeded"));
    }
}
