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
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which nodes a pod's claims allow, on two nodes; PreBind's write is the end-to-end tests' (it needs the API). */
class VolumeBindingTest {

    private final Map<String, PersistentVolumeClaim> claims = new HashMap<>();
    private final Map<String, PersistentVolume> volumes = new HashMap<>();
    private final Map<String, StorageClass> classes = new HashMap<>();
    private final VolumeBinding plugin = new VolumeBinding(new VolumeBinding.StorageObjects() {
        @Override
        public PersistentVolumeClaim claim(String namespace, String name) {
            return claims.get(namespace + "/" + name);
        }

        @Override
        public PersistentVolume volume(String name) {
            return volumes.get(name);
        }

        @Override
        public StorageClass storageClass(String name) {
            return classes.get(name);
        }

        @Override
        public void close() {
        }
    }, null);
    private final NodeInfo a = nodeInfo("a", Map.of("kubernetes.io/hostname", "a"));
    private final NodeInfo b = nodeInfo("b", Map.of("kubernetes.io/hostname", "b"));

    private static PodInfo using(String... claimNames) {
        return pod("web", p -> {
            var spec = p.editSpec();
            for (String claim : claimNames) {
                spec = spec.addNewVolume().withName(claim).withNewPersistentVolumeClaim().withClaimName(claim)
                        .endPersistentVolumeClaim().endVolume();
            }
            return spec.endSpec();
        });
    }

    private void claim(String name, String volume, String storageClass, Map<String, String> annotations) {
        claims.put("default/" + name, new PersistentVolumeClaimBuilder().withNewMetadata().withName(name)
                .withNamespace("default").withAnnotations(annotations).endMetadata().withNewSpec()
                .withVolumeName(volume).withStorageClassName(storageClass).endSpec().build());
    }

    private void volumeOn(String name, String node) {
        volumes.put(name, new PersistentVolumeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey("kubernetes.io/hostname").withOperator("In").withValues(node).endMatchExpression()
                .endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec().build());
    }

    private void waitingClass(String name) {
        classes.put(name, new StorageClassBuilder().withNewMetadata().withName(name).endMetadata()
                .withProvisioner("orchestrator.dev/local-path").withVolumeBindingMode("WaitForFirstConsumer").build());
    }

    /** The nodes the pod may go to, or the PreFilter's refusal. */
    private List<String> fits(PodInfo pod) {
        CycleState state = state(a, b);
        Status pre = plugin.preFilter(state, pod);
        if (!pre.isSuccess()) {
            return List.of(pre.code() == Status.Code.SKIP ? "skip" : "refused: " + pre.code() + " " + pre.message());
        }
        return List.of(a, b).stream().filter(n -> plugin.filter(state, pod, n).isSuccess()).map(NodeInfo::name).toList();
    }

    @Test
    void aPodWithoutClaimsIsLeftAlone() {
        assertEquals(List.of("skip"), fits(pod("web", p -> p)));
    }

    @Test
    void aBoundClaimKeepsThePodOnItsVolumesNode() {
        volumeOn("pv-b", "b");
        claim("data", "pv-b", "local-path", Map.of());
        assertEquals(List.of("b"), fits(using("data")));
    }

    @Test
    void twoVolumesOnDifferentNodesLeaveNoNode() {
        volumeOn("pv-a", "a");
        volumeOn("pv-b", "b");
        claim("one", "pv-a", "", Map.of());
        claim("two", "pv-b", "", Map.of());
        assertEquals(List.of(), fits(using("one", "two")));
    }

    @Test
    void aClaimThatWaitsForItsConsumerGoesAnywhereUntilANodeIsChosenForIt() {
        waitingClass("local-path");
        claim("data", null, "local-path", Map.of());
        assertEquals(List.of("a", "b"), fits(using("data")));
        claim("data", null, "local-path", Map.of(VolumeBinding.SELECTED_NODE, "a"));
        assertEquals(List.of("a"), fits(using("data")));
    }

    @Test
    void missingDeletedAndImmediateUnboundClaimsKeepThePodPending() {
        assertTrue(fits(using("nothing")).get(0).contains("persistentvolumeclaim \"nothing\" not found"));
        claims.put("default/going", new PersistentVolumeClaimBuilder().withNewMetadata().withName("going")
                .withNamespace("default").withDeletionTimestamp("2026-12-07T08:00:00Z").endMetadata().withNewSpec()
                .endSpec().build());
        assertTrue(fits(using("going")).get(0).contains("is being deleted"));
        claim("lost", "pv-gone", "", Map.of());
        assertTrue(fits(using("lost")).get(0).contains("pvc(s) bound to non-existent pv(s)"));
        classes.put("fast", new StorageClassBuilder().withNewMetadata().withName("fast").endMetadata()
                .withProvisioner("example.com/fast").withVolumeBindingMode("Immediate").build());
        claim("later", null, "fast", Map.of());
        List<String> immediate = fits(using("later"));
        assertTrue(immediate.get(0).contains("UNSCHEDULABLE_AND_UNRESOLVABLE pod has unbound immediate "
                + "PersistentVolumeClaims"), immediate.toString());
    }
}
