package dev.orchestrator.controllers.internal.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.api.controller.Caches;
import dev.orchestrator.api.controller.Lister;
import dev.orchestrator.api.controller.Request;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The mapper between pods and ReplicaSets, both ways, over in-memory caches standing in for the informers'. */
class GcKeyMapperTest {

    /** Caches of objects by kind, as an informer would hold them after its own update. */
    private static final class MapCaches implements Caches {
        private final Map<Class<?>, List<HasMetadata>> objects = new HashMap<>();

        void put(HasMetadata object) {
            remove(object);
            objects.computeIfAbsent(object.getClass(), k -> new ArrayList<>()).add(object);
        }

        void remove(HasMetadata object) {
            objects.getOrDefault(object.getClass(), new ArrayList<>())
                    .removeIf(o -> o.getMetadata().getName().equals(object.getMetadata().getName()));
        }

        @Override
        @SuppressWarnings("unchecked")
        public <K extends HasMetadata> Lister<K> lister(Class<K> kind) {
            List<K> all = (List<K>) (List<?>) objects.getOrDefault(kind, List.of());
            return new Lister<>() {
                public Optional<K> get(String namespace, String name) {
                    return all.stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
                }

                public List<K> list(String namespace) {
                    return List.copyOf(all);
                }

                public List<K> list(String namespace, LabelSelector selector) {
                    return list(namespace);
                }

                public List<K> controlledBy(String namespace, String controllerUid) {
                    throw new UnsupportedOperationException("the garbage collector's key mapper does not claim");
                }
            };
        }
    }

    private static final GcKind<Pod> PODS = GcKind.of(Pod.class, "pods");
    private static final GcKind<ReplicaSet> REPLICA_SETS = GcKind.of(ReplicaSet.class, "replicasets");

    private static ReplicaSet rs(String... finalizers) {
        ReplicaSetBuilder rs = new ReplicaSetBuilder().withNewMetadata().withName("web").withNamespace("ns")
                .withUid("rs-1").withFinalizers(finalizers).endMetadata();
        if (finalizers.length > 0) {
            rs.editMetadata().withDeletionTimestamp("2026-12-03T10:00:00Z").endMetadata();
        }
        return rs.build();
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid("p-" + name)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("web").withUid("rs-1")
                .withController(true).withBlockOwnerDeletion(true).endOwnerReference().endMetadata().build();
    }

    @Test
    void anOwnersDeletionWakesItsDependentsAndADependentsChangeWakesAnOwnerBeingDeleted() {
        MapCaches caches = new MapCaches();
        OwnerIndex index = new OwnerIndex();
        GcKeyMapper<Pod, Pod> podsOfPods = new GcKeyMapper<>(PODS, PODS, index); // keeps the pod index
        GcKeyMapper<ReplicaSet, Pod> podsOfReplicaSets = new GcKeyMapper<>(REPLICA_SETS, PODS, index);
        GcKeyMapper<Pod, ReplicaSet> replicaSetsOfPods = new GcKeyMapper<>(PODS, REPLICA_SETS, new OwnerIndex());
        ReplicaSet live = rs();
        caches.put(live);
        Pod a = pod("a");
        caches.put(a);
        podsOfPods.map(a, caches);
        // a live owner's status update wakes nobody; a pod's update does not wake a live owner
        assertEquals(Set.of(), podsOfReplicaSets.map(live, caches));
        assertEquals(Set.of(), replicaSetsOfPods.map(a, caches));
        // an owner being deleted with orphan wakes its pods, and their changes wake it
        ReplicaSet orphaning = rs("orphan");
        caches.put(orphaning);
        assertEquals(Set.of(new Request("ns", "a")), podsOfReplicaSets.map(orphaning, caches));
        assertEquals(Set.of(new Request("ns", "web")), replicaSetsOfPods.map(a, caches));
        // a deleted owner (gone from the cache) wakes its pods
        caches.remove(orphaning);
        assertEquals(Set.of(new Request("ns", "a")), podsOfReplicaSets.map(live, caches));
        // a deleted pod leaves the index
        caches.remove(a);
        podsOfPods.map(a, caches);
        assertEquals(Set.of(), podsOfReplicaSets.map(live, caches));
    }
}
