package dev.orchestrator.controllers.internal.volumes;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.controllers.internal.ApiErrors;
import dev.orchestrator.controllers.internal.PinnedMetadataPatch;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Kubernetes' PVC protection controller: a claim being deleted keeps its {@value StorageInUse#CLAIM_FINALIZER}
 * finalizer while a pod uses it ({@link StorageInUse#claimInUse}), checked against a list from the API before the
 * finalizer goes; any pod change re-checks the claims that pod mounts.
 */
final class ClaimProtection implements Reconciler<PersistentVolumeClaim> {

    private final KubernetesClient client;

    ClaimProtection(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Watches<PersistentVolumeClaim> watches() {
        return Watches.of("pvc-protection", PersistentVolumeClaim.class)
                .watches(Pod.class, (pod, caches) -> StorageInUse.claimsOf(pod).stream()
                        .map(claim -> new Request(pod.getMetadata().getNamespace(), claim)).collect(Collectors.toSet()));
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<PersistentVolumeClaim> found = context.lister(PersistentVolumeClaim.class)
                .get(request.namespace(), request.name());
        if (found.isEmpty() || !StorageInUse.held(found.get(), StorageInUse.CLAIM_FINALIZER)) {
            return Result.done();
        }
        PersistentVolumeClaim claim = found.get();
        if (StorageInUse.claimInUse(claim, context.lister(Pod.class).list(request.namespace()))
                || StorageInUse.claimInUse(claim, client.pods().inNamespace(request.namespace()).list().getItems())) {
            return Result.done(); // the pod's deletion or end brings the claim back here
        }
        return ApiErrors.writeUnlessConflict(() -> PinnedMetadataPatch.removeFinalizer(client,
                client.persistentVolumeClaims().inNamespace(request.namespace()).withName(request.name()), claim,
                StorageInUse.CLAIM_FINALIZER))
                ? Result.done() : Result.retry("the claim changed while its finalizer was removed");
    }
}
