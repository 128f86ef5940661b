package dev.orchestrator.controllers.internal.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.api.controller.Request;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OwnerIndexTest {

    private static Pod pod(String name, String... owners) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid("p-" + name)
                .endMetadata();
        for (String owner : owners) {
            pod.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(owner)
                    .withUid(owner).endOwnerReference().endMetadata();
        }
        return pod.build();
    }

    @Test
    void followsTheCurrentVersionOfEachObject() {
        OwnerIndex index = new OwnerIndex();
        Request a = new Request("ns", "a");
        Request b = new Request("ns", "b");
        index.refresh(a, Optional.of(pod("a", "rs-1")));
        index.refresh(b, Optional.of(pod("b", "rs-1", "rs-2")));
        assertEquals(Set.of(a, b), index.dependentsOf("rs-1"));
        assertEquals(Set.of(b), index.dependentsOf("rs-2"));
        index.refresh(b, Optional.of(pod("b", "rs-2"))); // released by rs-1
        assertEquals(Set.of(a), index.dependentsOf("rs-1"));
        index.refresh(a, Optional.of(pod("a", "rs-1"))); // a repeated event changes nothing
        assertEquals(Set.of(a), index.dependentsOf("rs-1"));
        index.refresh(a, Optional.empty()); // deleted
        assertEquals(Set.of(), index.dependentsOf("rs-1"));
        index.refresh(b, Optional.of(pod("b"))); // orphaned
        assertEquals(Set.of(), index.dependentsOf("rs-2"));
        assertEquals(0, index.size());
    }
}
