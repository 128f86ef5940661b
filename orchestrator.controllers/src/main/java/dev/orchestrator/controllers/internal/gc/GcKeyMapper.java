package dev.orchestrator.controllers.internal.gc;

import dev.orchestrator.api.controller.Caches;
import dev.orchestrator.api.controller.KeyMapper;
import dev.orchestrator.api.controller.Request;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Maps an event of a watched object (kind {@code S}) to the keys of the collector of kind {@code T}
 * that it concerns, both ways along owner references:
 * <ol>
 * <li>as a dependent: its owners of kind {@code T} that are being deleted with a collector
 *     finalizer (its change may be what they wait for; on an update the runtime maps the old
 *     version too, so a removed reference still reaches the owner);</li>
 * <li>as an owner: its dependents of kind {@code T}, when it is gone from the cache (deleted) or
 *     asks them to act (being deleted with {@code orphan} or {@code foregroundDeletion}).</li>
 * </ol>
 * Other events (status updates, which are most of them) map to nothing after a few cache reads.
 * Dependents are found in an {@link OwnerIndex} that the mapper of the collected kind's own events
 * keeps.
 */
final class GcKeyMapper<S extends HasMetadata, T extends HasMetadata> implements KeyMapper<S> {

    private final GcKind<S> watched;
    private final GcKind<T> collected;
    private final OwnerIndex dependents;

    /** @param dependents the index of the collected kind by owner uid, kept by the mapper of its own events */
    GcKeyMapper(GcKind<S> watched, GcKind<T> collected, OwnerIndex dependents) {
        this.watched = watched;
        this.collected = collected;
        this.dependents = dependents;
    }

    @Override
    public Set<Request> map(S object, Caches caches) {
        Set<Request> keys = new LinkedHashSet<>();
        String namespace = object.getMetadata().getNamespace();
        Request key = Request.of(object);
        Optional<S> cached = caches.lister(watched.type()).get(key.namespace(), key.name());
        if (watched.type() == collected.type()) {
            dependents.refresh(key, cached);
        }
        for (OwnerReference ref : object.getMetadata().getOwnerReferences()) {
            if (!collected.named(ref)) {
                continue;
            }
            String ownerNamespace = collected.ownerNamespace(namespace);
            caches.lister(collected.type()).get(ownerNamespace, ref.getName())
                    .filter(owner -> ref.getUid() != null && ref.getUid().equals(owner.getMetadata().getUid()))
                    .filter(owner -> OwnerState.of(owner).asksDependents())
                    .ifPresent(owner -> keys.add(new Request(ownerNamespace, ref.getName())));
        }
        // gone: the cache no longer holds it with this uid (the informer updates the cache before it notifies)
        boolean gone = cached.map(c -> !c.getMetadata().getUid().equals(object.getMetadata().getUid())).orElse(true);
        if (gone || OwnerState.of(object).asksDependents()) {
            keys.addAll(dependents.dependentsOf(object.getMetadata().getUid()));
        }
        return keys;
    }
}
