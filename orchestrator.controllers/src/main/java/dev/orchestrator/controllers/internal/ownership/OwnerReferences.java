package dev.orchestrator.controllers.internal.ownership;

import dev.orchestrator.api.controller.KeyMapper;
import dev.orchestrator.api.controller.Request;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Optional;
import java.util.Set;

/** Reading and making controller owner references. */
public final class OwnerReferences {

    private OwnerReferences() {
    }

    public static Optional<OwnerReference> controllerOf(HasMetadata object) {
        return object.getMetadata().getOwnerReferences().stream()
                .filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
    }

    /** The controller reference of {@code object}, when it names an owner of {@code kind}. */
    public static Optional<OwnerReference> controllerOfKind(HasMetadata object, String kind) {
        return controllerOf(object).filter(r -> kind.equals(r.getKind()));
    }

    /**
     * Maps an object to its controller of {@code kind} in its namespace, for a watch that must not count the
     * object's creations and deletions against the controller's expectations (as {@code Watches.owns} does): what a
     * controller makes besides the objects it counts, such as the ControllerRevisions beside a set's pods.
     */
    public static <S extends HasMetadata> KeyMapper<S> toControllerOfKind(String kind) {
        return (object, caches) -> controllerOfKind(object, kind)
                .map(r -> Set.of(new Request(object.getMetadata().getNamespace(), r.getName()))).orElse(Set.of());
    }

    /**
     * A controller reference to {@code owner}, with {@code blockOwnerDeletion} so that a foreground
     * deletion of the owner waits for the object.
     */
    public static OwnerReference controllerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }
}
