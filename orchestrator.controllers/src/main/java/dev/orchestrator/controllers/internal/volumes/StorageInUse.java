package dev.orchestrator.controllers.internal.volumes;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Request;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When a claim or a volume is still in use, as Kubernetes' protection controllers decide it: a claim while a pod
 * bound to a node and not finished mounts it (an unscheduled pod cannot start with it: the scheduler refuses a claim
 * being deleted), a volume while the claim it is bound to exists.
 */
final class StorageInUse {

    static final String CLAIM_FINALIZER = "kubernetes.io/pvc-protection";
    static final String VOLUME_FINALIZER = "kubernetes.io/pv-protection";

    private StorageInUse() {
    }

    /** The claims of its namespace that {@code pod} mounts: by name, and its generic ephemeral volumes' claims. */
    static Set<String> claimsOf(Pod pod) {
        Set<String> claims = new LinkedHashSet<>();
        List<Volume> volumes = pod.getSpec() == null || pod.getSpec().getVolumes() == null ? List.of()
                : pod.getSpec().getVolumes();
        for (Volume v : volumes) {
            if (v.getPersistentVolumeClaim() != null && v.getPersistentVolumeClaim().getClaimName() != null) {
                claims.add(v.getPersistentVolumeClaim().getClaimName());
            } else if (v.getEphemeral() != null) {
                claims.add(pod.getMetadata().getName() + "-" + v.getName());
            }
        }
        return claims;
    }

    /** Whether {@code pod} keeps the claim {@code claim} of its namespace in use. */
    static boolean podUses(Pod pod, String claim) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean finished = "Succeeded".equals(phase) || "Failed".equals(phase);
        boolean onANode = pod.getSpec() != null && pod.getSpec().getNodeName() != null
                && !pod.getSpec().getNodeName().isEmpty();
        return onANode && !finished && claimsOf(pod).contains(claim);
    }

    /** Whether any of {@code pods} (of the claim's namespace) keeps {@code claim} in use. */
    static boolean claimInUse(PersistentVolumeClaim claim, List<Pod> pods) {
        String name = claim.getMetadata().getName();
        return pods.stream().anyMatch(p -> podUses(p, name));
    }

    /** Whether {@code volume} is bound to {@code claim}, the claim its claimRef names (empty: no such claim now). */
    static boolean volumeInUse(PersistentVolume volume, Optional<PersistentVolumeClaim> claim) {
        var ref = volume.getSpec() == null ? null : volume.getSpec().getClaimRef();
        if (ref == null || claim.isEmpty()) {
            return false;
        }
        String uid = ref.getUid();
        return uid == null || uid.isEmpty() || uid.equals(claim.get().getMetadata().getUid());
    }

    /** The volume a claim names, as a key of the volume reconcilers (none while it names none). */
    static Set<Request> volumeOf(PersistentVolumeClaim claim) {
        String volume = claim.getSpec() == null ? null : claim.getSpec().getVolumeName();
        return volume == null || volume.isEmpty() ? Set.of() : Set.of(new Request("", volume));
    }

    /**
     * The claim {@code volume}'s claimRef names, from the cache or, when the cache has none, from the API (before
     * anything is deleted on its absence); empty without a claimRef or such a claim.
     */
    static Optional<PersistentVolumeClaim> claimOf(PersistentVolume volume, Context context, KubernetesClient client) {
        var ref = volume.getSpec() == null ? null : volume.getSpec().getClaimRef();
        if (ref == null) {
            return Optional.empty();
        }
        Optional<PersistentVolumeClaim> claim = context.lister(PersistentVolumeClaim.class)
                .get(ref.getNamespace(), ref.getName());
        return claim.isPresent() ? claim : Optional.ofNullable(client.persistentVolumeClaims()
                .inNamespace(ref.getNamespace()).withName(ref.getName()).get());
    }

    /** Whether {@code finalizer} is on an object being deleted: the one moment a protection controller acts. */
    static boolean held(io.fabric8.kubernetes.api.model.HasMetadata object, String finalizer) {
        return object.getMetadata().getDeletionTimestamp() != null && object.getMetadata().getFinalizers() != null
                && object.getMetadata().getFinalizers().contains(finalizer);
    }
}
