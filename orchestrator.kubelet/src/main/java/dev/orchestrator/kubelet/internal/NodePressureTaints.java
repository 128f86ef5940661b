package dev.orchestrator.kubelet.internal;

import dev.orchestrator.kubelet.internal.eviction.NodePressure;
import dev.orchestrator.kubelet.internal.eviction.PressureTaints;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the node's pressure taints ({@link PressureTaints}) when they no longer match its conditions:
 * read, change, write with the read resourceVersion, so that a taint someone added meanwhile is not
 * lost; a conflict or failure is retried at the next status check.
 */
final class NodePressureTaints {

    private static final Logger LOG = LoggerFactory.getLogger(NodePressureTaints.class);

    private final KubernetesClient client;
    private final String nodeName;

    NodePressureTaints(KubernetesClient client, String nodeName) {
        this.client = client;
        this.nodeName = nodeName;
    }

    /** @return the node as it is now (as known is returned when nothing had to change or the write failed) */
    Node update(Node known, NodePressure pressure) {
        if (PressureTaints.reconcile(taints(known), pressure).isEmpty()) {
            return known;
        }
        try {
            Node fresh = client.nodes().withName(nodeName).get();
            if (fresh == null) {
                return known;
            }
            Optional<List<Taint>> wanted = PressureTaints.reconcile(taints(fresh), pressure);
            if (wanted.isEmpty()) {
                return fresh;
            }
            if (fresh.getSpec() == null) {
                fresh.setSpec(new NodeSpec());
            }
            fresh.getSpec().setTaints(wanted.get());
            Node updated = client.nodes().resource(fresh).update();
            LOG.info("node pressure taints node={} taints={}", nodeName, wanted.get().stream()
                    .map(t -> t.getKey() + ":" + t.getEffect()).toList());
            return updated;
        } catch (KubernetesClientException e) {
            LOG.warn("node taints not updated, retried at the next status check node={} code={} error={}", nodeName,
                    e.getCode(), e.getMessage());
            return known;
        }
    }

    private static List<Taint> taints(Node node) {
        return node.getSpec() == null ? List.of() : node.getSpec().getTaints();
    }
}
