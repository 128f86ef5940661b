package dev.orchestrator.controllers.internal.volumes;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import java.util.Set;

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
                .watches(PersistentVolumeClaim.class, (claim, caches) -> {
                    String volume = claim.getSpec() == null ? null : claim.getSpec().getVolumeName();
                    return volume == null || volume.isEmpty() ? Set.of() : Set.of(new Request("", volume));
                });
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<PersistentVolume> found = context.lister(PersistentVolume.class).get("", request.name());
        if (found.isEmpty() || !StorageInUse.held(found.get(), StorageInUse.VOLUME_FINALIZER)) {
            return Result.done();
        }
        PersistentVolume volume = found.get();
        var ref = volume.getSpec().getClaimRef();
        if (ref != null) {
            Optional<PersistentVolumeClaim> claim = context.lister(PersistentVolumeClaim.class)
                    .get(ref.getNamespace(), ref.getName());
            if (claim.isEmpty()) {
                claim = Optional.ofNullable(client.persistentVolumeClaims().inNamespace(ref.getNamespace())
                        .withName(ref.getName()).get());
            }
            if (StorageInUse.volumeInUse(volume, claim)) {
                return Result.done(); // the claim's deletion brings the volume back here
            }
        }
        return ProtectionFinalizers.remove(client, client.persistentVolumes().withName(request.name()), volume,
                StorageInUse.VOLUME_FINALIZER) ? Result.done() : Result.retry("the volume changed while its finalizer was removed");
    }
}
