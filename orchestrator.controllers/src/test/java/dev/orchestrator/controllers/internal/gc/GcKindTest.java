package dev.orchestrator.controllers.internal.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GcKindTest {

    private static OwnerReference ref(String apiVersion, String kind) {
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName("x").withUid("u").build();
    }

    private static GcKind<?> kind(String name) {
        return GcKinds.ALL.stream().filter(k -> k.kind().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void pathsOfCoreGroupAndClusterScopedKinds() {
        assertEquals("/api/v1/namespaces/web/pods/p", kind("Pod").path("web", "p"));
        assertEquals("/apis/apps/v1/namespaces/web/replicasets/r", kind("ReplicaSet").path("web", "r"));
        assertEquals("/api/v1/nodes/n", kind("Node").path("", "n"));
        assertEquals("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n",
                kind("Lease").path("kube-node-lease", "n"));
    }

    @Test
    void ownerReferencesMatchByGroupAndKindNotVersion() {
        assertTrue(kind("ReplicaSet").named(ref("apps/v1", "ReplicaSet")));
        assertTrue(kind("ReplicaSet").named(ref("apps/v1beta2", "ReplicaSet")));
        assertFalse(kind("ReplicaSet").named(ref("extensions/v1beta1", "ReplicaSet")));
        assertFalse(kind("Pod").named(ref("example.com/v1", "Pod")));
        assertTrue(GcKinds.of(ref("example.com/v1", "Widget")).isEmpty());
        assertEquals("Node", GcKinds.of(ref("v1", "Node")).orElseThrow().kind());
    }

    @Test
    void ownersOfClusterScopedKindsHaveNoNamespace() {
        assertEquals("", kind("Node").ownerNamespace("kube-node-lease"));
        assertEquals("web", kind("ReplicaSet").ownerNamespace("web"));
        assertFalse(kind("Namespace").namespaced());
        assertTrue(kind("Job").namespaced());
    }

    @Test
    void controllerNamesAreUniqueAndValid() {
        Set<String> names = new HashSet<>();
        for (GcKind<?> k : GcKinds.ALL) {
            assertTrue(names.add(k.controllerName()), k.controllerName());
            assertTrue(k.controllerName().matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"), k.controllerName());
        }
    }
}
