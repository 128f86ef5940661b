package dev.orchestrator.controllers.internal.ownership;

import dev.orchestrator.api.controller.Lister;
import dev.orchestrator.support.selector.Selectors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which objects of a namespace an owner (a ReplicaSet of its pods, a Deployment of its ReplicaSets)
 * controls, which orphans it should adopt and which of its objects it should release, by
 * Kubernetes' rules: an object whose controller is the owner (by uid) and whose labels match the
 * owner's selector is owned; one that no longer matches is released (unless the owner is being
 * deleted); an object without a controller that matches is adopted (unless either is being
 * deleted). Objects controlled by anything else are never touched.
 */
public record Claims<T extends HasMetadata>(List<T> owned, List<T> orphans, List<T> strays) {

    /**
     * The claims of {@code owner} among the objects of its namespace in {@code objects}: only those it controls and
     * those without a controller can be its, so only those are read (from the cache's controller index).
     *
     * <p>Two reads of a cache that changes in between: the orphans are read first, so that an object adopted in
     * between (by this owner) is found in the second read rather than in neither; one found in both counts once,
     * as the second read has it.
     */
    public static <T extends HasMetadata> Claims<T> of(HasMetadata owner, LabelSelector selector, Lister<T> objects) {
        String namespace = owner.getMetadata().getNamespace();
        Map<String, T> candidates = new LinkedHashMap<>();
        objects.controlledBy(namespace, "").forEach(o -> candidates.put(identity(o), o));
        objects.controlledBy(namespace, owner.getMetadata().getUid()).forEach(o -> candidates.put(identity(o), o));
        return of(owner, selector, new ArrayList<>(candidates.values()));
    }

    private static String identity(HasMetadata object) {
        String uid = object.getMetadata().getUid();
        return uid != null ? uid : object.getMetadata().getName();
    }

    public static <T extends HasMetadata> Claims<T> of(HasMetadata owner, LabelSelector selector, List<T> candidates) {
        List<T> owned = new ArrayList<>();
        List<T> orphans = new ArrayList<>();
        List<T> strays = new ArrayList<>();
        String uid = owner.getMetadata().getUid();
        boolean ownerDeleting = owner.getMetadata().getDeletionTimestamp() != null;
        for (T candidate : candidates) {
            Optional<OwnerReference> controller = OwnerReferences.controllerOf(candidate);
            boolean matches = matches(selector, candidate);
            boolean deleting = candidate.getMetadata().getDeletionTimestamp() != null;
            if (controller.isPresent()) {
                if (!uid.equals(controller.get().getUid())) {
                    continue;
                }
                if (matches) {
                    owned.add(candidate);
                } else if (!ownerDeleting && !deleting) {
                    strays.add(candidate);
                }
            } else if (matches && !ownerDeleting && !deleting) {
                orphans.add(candidate);
            }
        }
        return new Claims<>(List.copyOf(owned), List.copyOf(orphans), List.copyOf(strays));
    }

    /** A null selector matches nothing, an empty one everything. */
    public static boolean matches(LabelSelector selector, HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return Selectors.matches(selector, labels == null ? Map.of() : labels);
    }
}
