package dev.orchestrator.client.internal;

import dev.orchestrator.client.SharedInformers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;

/** The keys of {@link SharedInformers#CONTROLLER_INDEX}: namespace and controller uid. */
final class ControllerIndex {

    private ControllerIndex() {
    }

    static List<String> keys(HasMetadata object) {
        ObjectMeta meta = object.getMetadata();
        if (meta == null) {
            return List.of();
        }
        String namespace = meta.getNamespace() == null ? "" : meta.getNamespace();
        List<OwnerReference> owners = meta.getOwnerReferences() == null ? List.of() : meta.getOwnerReferences();
        for (OwnerReference owner : owners) {
            if (Boolean.TRUE.equals(owner.getController()) && owner.getUid() != null) {
                return List.of(namespace + "/" + owner.getUid());
            }
        }
        return List.of(namespace + "/");
    }
}
