package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * What a DELETE of one object answers, as Kubernetes answers it: the object (with its
 * {@code deletionTimestamp}) while finalizers or a grace period still hold it, and once it is
 * gone a {@code Status} Success whose details name it (name, group, the resource as
 * {@code kind}, uid) so a client can tell that it was removed and not merely marked. A few
 * kinds answer with the deleted object instead (their registries set ReturnDeletedObject).
 */
final class DeleteAnswers {

    /** The core resources whose registries answer a delete with the deleted object. */
    private static final Set<String> RETURN_DELETED_OBJECT = Set.of("pods", "services", "serviceaccounts", "namespaces");

    private DeleteAnswers() {
    }

    /** @return the Status to answer, or empty when the (served form of the) object is the answer */
    static Optional<ObjectNode> status(ResourceType type, ObjectWrites.Removal removal) {
        if (!removal.gone() || type.group().isEmpty() && RETURN_DELETED_OBJECT.contains(type.plural())) {
            return Optional.empty();
        }
        ObjectNode meta = ObjectMeta.metadata(removal.object());
        return Optional.of(StatusBodies.success(type.plural(), Json.text(meta, "name"), type.group(),
                Json.text(meta, "uid")));
    }
}
