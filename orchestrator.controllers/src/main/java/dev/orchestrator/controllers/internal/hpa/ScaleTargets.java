package dev.orchestrator.controllers.internal.hpa;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The scale subresource of an HPA's target, of any kind that has one: the kind's resource is found by
 * discovery of the reference's apiVersion, then {@code .../<resource>/<name>/scale} is read and written
 * (autoscaling/v1 Scale), so Deployments, ReplicaSets and any later scalable kind work alike.
 */
final class ScaleTargets {

    /** A target's scale and where it was read, to write it back. */
    record TargetScale(String path, Scale scale) {

        int specReplicas() {
            Integer r = scale.getSpec() == null ? null : scale.getSpec().getReplicas();
            return r == null ? 0 : r;
        }

        int statusReplicas() {
            Integer r = scale.getStatus() == null ? null : scale.getStatus().getReplicas();
            return r == null ? 0 : r;
        }

        String selector() {
            String s = scale.getStatus() == null ? null : scale.getStatus().getSelector();
            return s == null ? "" : s;
        }
    }

    private final KubernetesClient client;

    ScaleTargets(KubernetesClient client) {
        this.client = client;
    }

    /** @throws ScaleUnavailableException when the kind has no scale subresource or the target does not exist */
    TargetScale get(String namespace, CrossVersionObjectReference ref) {
        String apiVersion = ref.getApiVersion() == null || ref.getApiVersion().isEmpty() ? "v1" : ref.getApiVersion();
        APIResourceList resources = client.getApiResources(apiVersion);
        if (resources == null) {
            throw new ScaleUnavailableException("the server does not serve " + apiVersion);
        }
        String plural = resources.getResources().stream()
                .filter(r -> ref.getKind().equals(r.getKind()) && !r.getName().contains("/"))
                .map(APIResource::getName).findFirst()
                .orElseThrow(() -> new ScaleUnavailableException("no matches for kind \"" + ref.getKind()
                        + "\" in group version \"" + apiVersion + "\""));
        if (resources.getResources().stream().noneMatch(r -> r.getName().equals(plural + "/scale"))) {
            throw new ScaleUnavailableException(plural + " (" + apiVersion + ") have no scale subresource");
        }
        String path = (apiVersion.contains("/") ? "/apis/" : "/api/") + apiVersion + "/namespaces/" + namespace + "/"
                + plural + "/" + ref.getName() + "/scale";
        String body = client.raw(path);
        if (body == null) {
            throw new ScaleUnavailableException(plural + (apiVersion.contains("/") ? "." + apiVersion.substring(0,
                    apiVersion.indexOf('/')) : "") + " \"" + ref.getName() + "\" not found");
        }
        return new TargetScale(path, client.getKubernetesSerialization().unmarshal(body, Scale.class));
    }

    /** Writes {@code replicas} into the scale read before (its resourceVersion guards against a concurrent change). */
    void update(TargetScale target, int replicas) {
        Scale scale = target.scale();
        scale.getSpec().setReplicas(replicas);
        client.raw(target.path(), "PUT", scale);
    }
}
