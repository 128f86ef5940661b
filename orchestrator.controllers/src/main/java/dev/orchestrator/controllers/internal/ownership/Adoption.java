package dev.orchestrator.controllers.internal.ownership;

import dev.orchestrator.controllers.internal.PinnedMetadataPatch;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out {@link Claims}: adopts orphans and releases strays. Both are merge patches of the
 * owner references that carry the object's resourceVersion, so they fail with a conflict instead
 * of overwriting a change made meanwhile. Adoption first checks with the API, not the cache, that
 * the owner still exists with the same uid and is not being deleted: adopting into an owner that
 * is gone would hand the object to the garbage collector.
 */
public final class Adoption {

    private final KubernetesClient client;

    public Adoption(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Adopts the orphans (they are added to {@code owned}) and releases the strays.
     *
     * @return true when an object changed meanwhile (conflict): the next attempt sees its new state
     */
    public <T extends HasMetadata> boolean claim(HasMetadata owner, Claims<T> claims, List<T> owned) {
        boolean conflict = false;
        if (!claims.orphans().isEmpty() && stillAdopting(owner)) {
            for (T orphan : claims.orphans()) {
                try {
                    List<OwnerReference> refs = new ArrayList<>(orphan.getMetadata().getOwnerReferences());
                    refs.add(OwnerReferences.controllerRef(owner));
                    owned.add(patchOwners(orphan, refs));
                } catch (KubernetesClientException e) {
                    conflict |= expectedRace(e);
                }
            }
        }
        for (T stray : claims.strays()) {
            try {
                List<OwnerReference> refs = new ArrayList<>(stray.getMetadata().getOwnerReferences());
                refs.removeIf(r -> owner.getMetadata().getUid().equals(r.getUid()));
                patchOwners(stray, refs);
            } catch (KubernetesClientException e) {
                conflict |= expectedRace(e);
            }
        }
        return conflict;
    }

    /** A 409 (changed meanwhile: true) or 404 (gone: false) is part of the game; anything else is thrown. */
    private static boolean expectedRace(KubernetesClientException e) {
        if (e.getCode() != 404 && e.getCode() != 409) {
            throw e;
        }
        return e.getCode() == 409;
    }

    private boolean stillAdopting(HasMetadata cached) {
        HasMetadata fresh = client.resource(cached).get();
        return fresh != null && cached.getMetadata().getUid().equals(fresh.getMetadata().getUid())
                && fresh.getMetadata().getDeletionTimestamp() == null;
    }

    private <T extends HasMetadata> T patchOwners(T object, List<OwnerReference> refs) {
        return PinnedMetadataPatch.apply(client, client.resource(object), object, "ownerReferences", refs);
    }
}
