package dev.orchestrator.controllers.internal.nodelifecycle;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.controllers.internal.pods.PodStates;
import dev.orchestrator.controllers.internal.pods.PodStatusPatches;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pods of a node nobody hears from: their kubelet cannot say whether they still serve, so they are marked
 * not ready (Ready=False) and the EndpointSlice controller takes them out of their Services at once, long before
 * they are evicted. The kubelet sets Ready again from what it sees when it is back.
 */
final class UnreachablePods {

    private static final Logger LOG = LoggerFactory.getLogger(UnreachablePods.class);

    private final KubernetesClient client;
    private final Clock clock;

    UnreachablePods(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    void markNotReady(String node, Context context) {
        for (Pod pod : context.lister(Pod.class).list("")) {
            if (pod.getSpec() != null && node.equals(pod.getSpec().getNodeName()) && PodStates.ready(pod)) {
                try {
                    PodStatusPatches.markNotReady(client, pod, clock.instant());
                    LOG.info("pod of an unreachable node marked not ready pod={}/{} node={}",
                            pod.getMetadata().getNamespace(), pod.getMetadata().getName(), node);
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                }
            }
        }
    }
}
