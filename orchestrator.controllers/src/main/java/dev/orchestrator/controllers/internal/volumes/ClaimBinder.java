package dev.orchestrator.controllers.internal.volumes;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.controllers.internal.ApiErrors;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeStatusBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds each PersistentVolumeClaim to a volume, as Kubernetes' binder does: the volume it names, else the best
 * Available one ({@link VolumeMatch}), else, for the {@code local-path} class, a new one on the node the scheduler
 * chose for its first pod ({@code volume.kubernetes.io/selected-node}; the class waits for that consumer). A binding
 * writes the volume's {@code claimRef} first, then the claim's {@code volumeName}, then both statuses, so a crash in
 * between leaves a volume reserved for its claim, which the next round completes.
 */
final class ClaimBinder implements Reconciler<PersistentVolumeClaim> {

    private final KubernetesClient client;

    ClaimBinder(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Watches<PersistentVolumeClaim> watches() {
        return Watches.of("persistentvolume-binder", PersistentVolumeClaim.class)
                .watches(PersistentVolume.class, (pv, caches) -> {
                    var ref = pv.getSpec() == null ? null : pv.getSpec().getClaimRef();
                    if (ref != null) {
                        return Set.of(new Request(ref.getNamespace(), ref.getName()));
                    }
                    // a volume that became available may serve any claim still waiting
                    return caches.lister(PersistentVolumeClaim.class).list("").stream()
                            .filter(c -> c.getSpec().getVolumeName() == null || c.getSpec().getVolumeName().isEmpty())
                            .map(Request::of).collect(Collectors.toSet());
                })
                .watches(StorageClass.class, (sc, caches) -> Set.of());
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<PersistentVolumeClaim> found = context.lister(PersistentVolumeClaim.class)
                .get(request.namespace(), request.name());
        if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null) {
            return Result.done();
        }
        PersistentVolumeClaim claim = found.get();
        String volumeName = claim.getSpec().getVolumeName();
        if (volumeName != null && !volumeName.isEmpty()) {
            return bindNamed(claim, volumeName, context);
        }
        Optional<PersistentVolume> match = VolumeMatch.best(claim, context.lister(PersistentVolume.class).list(""));
        if (match.isPresent()) {
            return bind(claim, match.get(), context);
        }
        String className = claim.getSpec().getStorageClassName();
        Optional<StorageClass> sc = className == null || className.isEmpty() ? Optional.empty()
                : context.lister(StorageClass.class).get("", className);
        if (sc.isEmpty()) {
            context.events().normal(claim, "FailedBinding", "no persistent volumes available for this claim and no "
                    + "storage class is set");
            return Result.done();
        }
        if (!LocalPathVolumes.PROVISIONER.equals(sc.get().getProvisioner())) {
            context.events().normal(claim, "ExternalProvisioning", "Waiting for a volume to be created either by the "
                    + "external provisioner '" + sc.get().getProvisioner() + "' or manually by the system administrator");
            return Result.done();
        }
        if (!"WaitForFirstConsumer".equals(sc.get().getVolumeBindingMode())) {
            context.events().warning(claim, "ProvisioningFailed", "the " + LocalPathVolumes.PROVISIONER + " provisioner "
                    + "needs volumeBindingMode WaitForFirstConsumer: its volumes live on the node of their first pod");
            return Result.done();
        }
        Map<String, String> annotations = claim.getMetadata().getAnnotations();
        String node = annotations == null ? null : annotations.get(LocalPathVolumes.SELECTED_NODE);
        if (node == null || node.isEmpty()) {
            context.events().normal(claim, "WaitForFirstConsumer", "waiting for first consumer to be created before "
                    + "binding");
            return Result.done();
        }
        PersistentVolume made = provision(claim, sc.get(), node);
        context.events().normal(claim, "ProvisioningSucceeded", "Successfully provisioned volume "
                + made.getMetadata().getName() + " on node " + node);
        return bind(claim, made, context);
    }

    private PersistentVolume provision(PersistentVolumeClaim claim, StorageClass sc, String node) {
        PersistentVolume wanted = LocalPathVolumes.forClaim(claim, sc, node);
        try {
            return client.persistentVolumes().resource(wanted).create();
        } catch (RuntimeException e) {
            if (ApiErrors.code(e) != 409) {
                throw e;
            }
            return client.persistentVolumes().withName(wanted.getMetadata().getName()).get(); // made by an earlier round
        }
    }

    private Result bindNamed(PersistentVolumeClaim claim, String volumeName, Context context) {
        Optional<PersistentVolume> pv = context.lister(PersistentVolume.class).get("", volumeName);
        if (pv.isEmpty()) {
            // made a moment ago (by this controller) and not cached yet: the API says whether it is really gone
            pv = Optional.ofNullable(client.persistentVolumes().withName(volumeName).get());
        }
        if (pv.isEmpty()) {
            writeClaimStatus(claim, new PersistentVolumeClaimStatusBuilder().withPhase(
                    "Bound".equals(phase(claim)) ? "Lost" : "Pending").build());
            if ("Bound".equals(phase(claim))) {
                context.events().warning(claim, "ClaimLost", "Bound claim has lost its PersistentVolume. Data on the "
                        + "volume is lost!");
            }
            return Result.done();
        }
        var ref = pv.get().getSpec().getClaimRef();
        if (ref != null && !(Objects.equals(ref.getNamespace(), claim.getMetadata().getNamespace())
                && Objects.equals(ref.getName(), claim.getMetadata().getName())
                && (ref.getUid() == null || ref.getUid().equals(claim.getMetadata().getUid())))) {
            context.events().warning(claim, "FailedBinding", "volume \"" + volumeName + "\" already bound to a "
                    + "different claim.");
            return Result.done();
        }
        return bind(claim, pv.get(), context);
    }

    /** Volume first (its claimRef reserves it), then the claim, then both statuses; each step only when needed. */
    private Result bind(PersistentVolumeClaim claim, PersistentVolume pv, Context context) {
        String name = pv.getMetadata().getName();
        var ref = pv.getSpec().getClaimRef();
        if (ref == null || ref.getUid() == null) {
            PersistentVolume reserved = client.getKubernetesSerialization().clone(pv);
            reserved.getSpec().setClaimRef(new ObjectReferenceBuilder().withApiVersion("v1")
                    .withKind("PersistentVolumeClaim").withNamespace(claim.getMetadata().getNamespace())
                    .withName(claim.getMetadata().getName()).withUid(claim.getMetadata().getUid()).build());
            if (!ApiErrors.writeUnlessConflict(() -> client.persistentVolumes().resource(reserved).update())) {
                return Result.retry("the volume changed while it was reserved");
            }
        }
        if (!"Bound".equals(pv.getStatus() == null ? null : pv.getStatus().getPhase())) {
            PersistentVolume bound = client.persistentVolumes().withName(name).get();
            if (bound != null) {
                bound.setStatus(new PersistentVolumeStatusBuilder().withPhase("Bound").build());
                ApiErrors.writeUnlessConflict(() -> client.persistentVolumes().resource(bound).updateStatus());
            }
        }
        PersistentVolumeClaim current = claim;
        if (!name.equals(claim.getSpec().getVolumeName())) {
            current = client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace())
                    .withName(claim.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\":{\"annotations\":{\"pv.kubernetes.io/bind-completed\":\"yes\"}},"
                                    + "\"spec\":{\"volumeName\":\"" + name + "\"}}");
            context.events().normal(claim, "Bound", "Successfully bound to volume " + name);
        }
        PersistentVolumeClaimStatus status = new PersistentVolumeClaimStatusBuilder().withPhase("Bound")
                .withAccessModes(pv.getSpec().getAccessModes()).withCapacity(pv.getSpec().getCapacity()).build();
        if (!writeClaimStatus(current, status)) {
            return Result.retry("the claim changed while its status was written");
        }
        return Result.done();
    }

    private boolean writeClaimStatus(PersistentVolumeClaim claim, PersistentVolumeClaimStatus status) {
        if (claim.getStatus() != null && Objects.equals(claim.getStatus().getPhase(), status.getPhase())
                && Objects.equals(claim.getStatus().getCapacity(), status.getCapacity())
                && Objects.equals(claim.getStatus().getAccessModes(), status.getAccessModes())) {
            return true;
        }
        PersistentVolumeClaim updated = client.getKubernetesSerialization().clone(claim);
        updated.setStatus(status);
        return ApiErrors.writeUnlessConflict(() -> client.persistentVolumeClaims()
                .inNamespace(claim.getMetadata().getNamespace()).resource(updated).updateStatus());
    }

    private static String phase(PersistentVolumeClaim claim) {
        return claim.getStatus() == null ? null : claim.getStatus().getPhase();
    }
}
