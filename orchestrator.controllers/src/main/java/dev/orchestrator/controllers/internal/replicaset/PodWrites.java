package dev.orchestrator.controllers.internal.replicaset;

import dev.orchestrator.controllers.internal.ownership.OwnerReferences;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ReplicaSet controller's writes to pods: create from the template with a controller owner reference, delete. */
final class PodWrites {

    private final KubernetesClient client;

    PodWrites(KubernetesClient client) {
        this.client = client;
    }

    /** A new pod of the template: {@code <rs>-} generated name, the template's metadata, the controller reference. */
    static Pod fromTemplate(ReplicaSet rs) {
        var template = rs.getSpec().getTemplate();
        var meta = template.getMetadata();
        return new PodBuilder()
                .withNewMetadata()
                    .withGenerateName(rs.getMetadata().getName() + "-")
                    .withNamespace(rs.getMetadata().getNamespace())
                    .withLabels(meta == null ? Map.of() : copy(meta.getLabels()))
                    .withAnnotations(meta == null ? Map.of() : copy(meta.getAnnotations()))
                    .withFinalizers(meta == null ? List.of() : meta.getFinalizers())
                    .withOwnerReferences(OwnerReferences.controllerRef(rs))
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? Map.of() : new LinkedHashMap<>(map);
    }

    Pod create(ReplicaSet rs) {
        return client.pods().inNamespace(rs.getMetadata().getNamespace()).resource(fromTemplate(rs)).create();
    }

    /** @return false when the pod was gone already */
    boolean delete(Pod pod) {
        return !client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .delete().isEmpty();
    }
}
