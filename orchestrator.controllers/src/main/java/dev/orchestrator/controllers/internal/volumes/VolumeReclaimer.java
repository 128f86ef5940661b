package dev.orchestrator.controllers.internal.volumes;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.controllers.internal.ApiErrors;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps each PersistentVolume's phase: Available without a claim, Bound while its claim exists, and once the claim is
 * gone (checked against the API, not only the cache, before anything is deleted) Released with {@code Retain}, or
 * deleted with {@code Delete}, as Kubernetes' binder does.
 */
final class VolumeReclaimer implements Reconciler<PersistentVolume> {

    private final KubernetesClient client;

    VolumeReclaimer(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Watches<PersistentVolume> watches() {
        return Watches.of("persistentvolume-reclaimer", PersistentVolume.class)
                .watches(PersistentVolumeClaim.class, (claim, caches) -> StorageInUse.volumeOf(claim));
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<PersistentVolume> found = context.lister(PersistentVolume.class).get("", request.name());
        if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null) {
            return Result.done();
        }
        PersistentVolume pv = found.get();
        if (pv.getSpec().getClaimRef() == null) {
            return phase(pv, "Available");
        }
        if (StorageInUse.volumeInUse(pv, StorageInUse.claimOf(pv, context, client))) {
            return Result.done(); // the binder completes what a binding left
        }
        if ("Delete".equals(pv.getSpec().getPersistentVolumeReclaimPolicy())) {
            client.persistentVolumes().withName(pv.getMetadata().getName()).delete();
            return Result.done();
        }
        return phase(pv, "Released");
    }

    private Result phase(PersistentVolume pv, String phase) {
        if (pv.getStatus() != null && Objects.equals(pv.getStatus().getPhase(), phase)) {
            return Result.done();
        }
        PersistentVolume updated = client.getKubernetesSerialization().clone(pv);
        updated.setStatus(new PersistentVolumeStatusBuilder().withPhase(phase).build());
        return ApiErrors.writeUnlessConflict(() -> client.persistentVolumes().resource(updated).updateStatus())
                ? Result.done() : Result.retry("the volume changed while its phase was written");
    }
}
