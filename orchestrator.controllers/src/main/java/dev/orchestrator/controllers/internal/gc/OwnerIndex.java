package dev.orchestrator.controllers.internal.gc;

import dev.orchestrator.api.controller.Request;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The objects of one kind by the uids of their owners, so that an owner's deletion finds its
 * dependents without scanning the cache (deleting a namespace of ten thousand pods would otherwise
 * scan ten thousand pods per pod). Kept by {@link GcKeyMapper} from the kind's own events, each time
 * from the cache's current version of the object (not from the event), so a late or repeated event
 * cannot leave it wrong: an object the cache no longer holds leaves the index. A missed entry only
 * delays a dependent until its own next event (every object's own events reconcile it anyway).
 * Written by the kind's informer thread, read by any.
 */
final class OwnerIndex {

    private final Map<String, Set<Request>> byOwner = new ConcurrentHashMap<>();
    private final Map<Request, Set<String>> ownersOf = new ConcurrentHashMap<>();

    /** Indexes the object under this key as the cache has it now ({@code current} empty: not at all). */
    synchronized void refresh(Request key, Optional<? extends HasMetadata> current) {
        Set<String> owners = new HashSet<>();
        current.ifPresent(o -> o.getMetadata().getOwnerReferences().stream().map(OwnerReference::getUid)
                .filter(uid -> uid != null).forEach(owners::add));
        Set<String> before = owners.isEmpty() ? ownersOf.remove(key) : ownersOf.put(key, owners);
        if (before != null) {
            for (String uid : before) {
                if (!owners.contains(uid)) {
                    byOwner.computeIfPresent(uid, (u, keys) -> {
                        keys.remove(key);
                        return keys.isEmpty() ? null : keys;
                    });
                }
            }
        }
        for (String uid : owners) {
            byOwner.computeIfAbsent(uid, u -> ConcurrentHashMap.newKeySet()).add(key);
        }
    }

    /** The keys of the objects that reference this owner uid. */
    Set<Request> dependentsOf(String ownerUid) {
        Set<Request> keys = byOwner.get(ownerUid);
        return keys == null ? Set.of() : Set.copyOf(keys);
    }

    /** Objects indexed, for tests. */
    int size() {
        return ownersOf.size();
    }
}
