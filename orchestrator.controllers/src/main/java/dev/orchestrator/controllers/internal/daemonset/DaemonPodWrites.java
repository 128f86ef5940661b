package dev.orchestrator.controllers.internal.daemonset;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Expectations;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.controllers.internal.ApiErrors;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/**
 * Carries out a {@link DaemonSetPlan}: deletes first (a node's old pod makes room for its new one), then creates at
 * most {@code burst} pods. Each write is announced to the expectations, and taken back when it will not reach the
 * cache, so the next reconcile acts on a cache that holds this one's writes.
 */
final class DaemonPodWrites {

    private final KubernetesClient client;
    private final int burst;

    DaemonPodWrites(KubernetesClient client, int burst) {
        this.client = client;
        this.burst = burst;
    }

    /** @return why a write failed, if one did */
    Optional<String> apply(DaemonSet ds, DaemonSetPlan plan, PodTemplateSpec template, String hash, Request key,
                           Context context) {
        String failure = null;
        Expectations expectations = context.expectations();
        expectations.expectDeletions(key, plan.delete().stream().map(DaemonPodWrites::objectKey).toList());
        for (Pod pod : plan.delete()) {
            if (plan.failed().contains(pod)) {
                context.events().warning(ds, "FailedDaemonPod", "Found failed daemon pod " + objectKey(pod)
                        + " on node " + DaemonPods.nodeOf(pod) + ", will try to kill it");
            }
            try {
                boolean deleted = !client.pods().inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).delete().isEmpty();
                if (deleted) {
                    context.events().normal(ds, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
                } else {
                    expectations.deletionObserved(key, objectKey(pod));
                }
            } catch (RuntimeException e) {
                expectations.deletionObserved(key, objectKey(pod));
                failure = ApiErrors.message(e);
                context.events().warning(ds, "FailedDelete", "Error deleting: " + failure);
            }
        }
        List<String> nodes = plan.createOn().subList(0, Math.min(burst, plan.createOn().size()));
        expectations.expectCreations(key, nodes.size());
        int attempted = 0;
        for (String node : nodes) {
            if (context.cancelled()) {
                break;
            }
            attempted++;
            try {
                Pod pod = client.pods().inNamespace(ds.getMetadata().getNamespace())
                        .resource(DaemonPods.forNode(ds, template, hash, node, client.getKubernetesSerialization())).create();
                context.events().normal(ds, "SuccessfulCreate", "Created pod: " + pod.getMetadata().getName());
            } catch (RuntimeException e) {
                expectations.creationObserved(key);
                if (ApiErrors.namespaceTerminating(e)) {
                    break; // the namespace's deletion takes this DaemonSet too
                }
                failure = ApiErrors.message(e);
                context.events().warning(ds, "FailedCreate", "Error creating: " + failure);
            }
        }
        for (int skipped = nodes.size() - attempted; skipped > 0; skipped--) {
            expectations.creationObserved(key);
        }
        return Optional.ofNullable(failure);
    }

    private static String objectKey(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
