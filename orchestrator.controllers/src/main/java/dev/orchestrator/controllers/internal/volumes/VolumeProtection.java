package dev.orchestrator.controllers.internal.volumes;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.controllers.internal.ApiErrors;
import dev.orchestrator.controllers.internal.PinnedMetadataPatch;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * Kubernetes' PV protection controller: a volume being deleted keeps its {@value StorageInUse#VOLUME_FINALIZER}
 * finalizer while the claim it is bound to exists (read from the API when the cache has none); a claim's change
 * re-checks its volume.
 */
final class VolumeProtection implements Reconciler<PersistentVolume> {

    private final KubernetesClient client;

    VolumeProtection(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Watches<PersistentVolume> watches() {
        return Watches.of("pv-protection", PersistentVolume.class)
                .watches(PersistentVolumeClaim.class, (claim, caches) -> StorageInUse.volumeOf(claim));
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<PersistentVolume> found = context.lister(PersistentVolume.class).get("", request.name());
        if (found.isEmpty() || !StorageInUse.held(found.get(), StorageInUse.VOLUME_FINALIZER)) {
            return Result.done();
        }
        PersistentVolume volume = found.get();
        if (StorageInUse.volumeInUse(volume, StorageInUse.claimOf(volume, context, client))) {
            return Result.done(); // the claim's deletion brings the volume back here
        }
        return ApiErrors.writeUnlessConflict(() -> PinnedMetadataPatch.removeFinalizer(client,
                client.persistentVolumes().withName(request.name()), volume, StorageInUse.VOLUME_FINALIZER))
                ? Result.done() : Result.retry("the volume changed while its finalizer was removed");
    }
}
