package dev.orchestrator.controllers.internal.volumes;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.Map;

/**
 * The volumes of the {@code local-path} provisioner: a directory on the node the claim's first pod was scheduled to
 * ({@code <nodePath>/pvc-<uid>_<namespace>_<claim>}, made by that node's kubelet when the pod starts), as a hostPath
 * volume with a node affinity for that node, so every later pod of the claim goes there, and bound to the claim from
 * the start.
 */
final class LocalPathVolumes {

    static final String PROVISIONER = "orchestrator.dev/local-path";
    static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
    static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    static final String DEFAULT_ROOT = "/var/lib/orchestrator/local-path";

    private LocalPathVolumes() {
    }

    static String name(PersistentVolumeClaim claim) {
        return "pvc-" + claim.getMetadata().getUid();
    }

    static PersistentVolume forClaim(PersistentVolumeClaim claim, StorageClass sc, String node) {
        Map<String, String> parameters = sc.getParameters() == null ? Map.of() : sc.getParameters();
        String root = parameters.getOrDefault("nodePath", DEFAULT_ROOT);
        String path = (root.endsWith("/") ? root : root + "/") + name(claim) + "_" + claim.getMetadata().getNamespace()
                + "_" + claim.getMetadata().getName();
        Quantity size = claim.getSpec().getResources().getRequests().get("storage");
        return new PersistentVolumeBuilder()
                .withNewMetadata()
                    .withName(name(claim))
                    .addToAnnotations(PROVISIONED_BY, PROVISIONER)
                .endMetadata()
                .withNewSpec()
                    .withCapacity(Map.of("storage", size))
                    .withAccessModes(claim.getSpec().getAccessModes())
                    .withPersistentVolumeReclaimPolicy(sc.getReclaimPolicy() == null ? "Delete" : sc.getReclaimPolicy())
                    .withStorageClassName(sc.getMetadata().getName())
                    .withVolumeMode("Filesystem")
                    .withNewHostPath().withPath(path).withType("DirectoryOrCreate").endHostPath()
                    .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                        .withKey("kubernetes.io/hostname").withOperator("In").withValues(node)
                    .endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity()
                    .withClaimRef(new ObjectReferenceBuilder().withApiVersion("v1").withKind("PersistentVolumeClaim")
                            .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                            .withUid(claim.getMetadata().getUid()).build())
                .endSpec()
                .build();
    }
}
