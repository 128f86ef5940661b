package dev.orchestrator.controllers.internal.replicaset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ReplicaSet controller's writes to pods: create from the template with a controller owner
 * reference, delete, adopt and release. Adoption and release are merge patches of the owner
 * references that carry the pod's resourceVersion, so they fail with a conflict instead of
 * overwriting a change made meanwhile.
 */
final class PodWrites {

    private final KubernetesClient client;

    PodWrites(KubernetesClient client) {
        this.client = client;
    }

    static OwnerReference controllerRef(ReplicaSet rs) {
        return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
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
                    .withOwnerReferences(controllerRef(rs))
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

    Pod adopt(ReplicaSet rs, Pod pod) {
        List<OwnerReference> refs = new ArrayList<>(pod.getMetadata().getOwnerReferences());
        refs.add(controllerRef(rs));
        return patchOwners(pod, refs);
    }

    Pod release(ReplicaSet rs, Pod pod) {
        List<OwnerReference> refs = new ArrayList<>(pod.getMetadata().getOwnerReferences());
        refs.removeIf(r -> rs.getMetadata().getUid().equals(r.getUid()));
        return patchOwners(pod, refs);
    }

    private Pod patchOwners(Pod pod, List<OwnerReference> refs) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("resourceVersion", pod.getMetadata().getResourceVersion());
        meta.put("ownerReferences", refs);
        String patch = client.getKubernetesSerialization().asJson(Map.of("metadata", meta));
        return client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    /** The API's own words for a refused write (its Status message), else the client's. */
    static String message(RuntimeException failure) {
        if (!(failure instanceof KubernetesClientException e)) {
            return failure.toString();
        }
        if (e.getStatus() != null && e.getStatus().getMessage() != null && !e.getStatus().getMessage().isEmpty()) {
            return e.getStatus().getMessage();
        }
        return e.getMessage();
    }
}
