package dev.orchestrator.controllers.internal.replicaset;

import dev.orchestrator.controllers.internal.ownership.OwnerReferences;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pods a ReplicaSet creates: its template with a controller owner reference. */
final class ReplicaSetPods {

    private ReplicaSetPods() {
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
}
