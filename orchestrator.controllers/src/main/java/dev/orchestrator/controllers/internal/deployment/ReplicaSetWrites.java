package dev.orchestrator.controllers.internal.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;

/**
 * The Deployment controller's writes. ReplicaSets are replaced whole with the resourceVersion the
 * cache had, so a write computed from a stale cache fails with a conflict (and is computed again)
 * instead of undoing a newer change.
 */
final class ReplicaSetWrites {

    private final KubernetesClient client;

    ReplicaSetWrites(KubernetesClient client) {
        this.client = client;
    }

    ReplicaSet create(ReplicaSet rs) {
        return client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(rs).create();
    }

    ReplicaSet get(String namespace, String name) {
        return client.apps().replicaSets().inNamespace(namespace).withName(name).get();
    }

    ReplicaSet update(ReplicaSet rs) {
        return client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(rs).update();
    }

    void delete(ReplicaSet rs) {
        client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName())
                .delete();
    }

    /**
     * Sets one annotation of the Deployment (its revision) by a merge patch, which touches nothing else.
     *
     * @return the Deployment's new resourceVersion
     */
    String annotate(Deployment d, String key, String value) {
        String patch = client.getKubernetesSerialization()
                .asJson(Map.of("metadata", Map.of("annotations", Map.of(key, value))));
        // by the object, not withName: fabric8 reads the object from the API first for a patch by name
        return client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).resource(d)
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch).getMetadata().getResourceVersion();
    }

    /** Writes the status if the Deployment is still at {@code resourceVersion} (else 409). */
    void updateStatus(Deployment d, String resourceVersion, DeploymentStatus status) {
        Deployment copy = client.getKubernetesSerialization().clone(d);
        copy.getMetadata().setResourceVersion(resourceVersion);
        copy.setStatus(status);
        client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).resource(copy).updateStatus();
    }
}
