package dev.orchestrator.kubelet.internal;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's heartbeat: a coordination.k8s.io Lease named after the node in {@code kube-node-lease},
 * renewed every few seconds. The control plane judges a node alive by this lease (cheap), not by
 * its status (posted only on change).
 */
final class NodeLeaseRenewer {

    static final String NAMESPACE = "kube-node-lease";
    private static final Logger LOG = LoggerFactory.getLogger(NodeLeaseRenewer.class);

    private final KubernetesClient client;
    private final String node;
    private final int durationSeconds;
    private boolean failing;
    /** The lease as last written: renewed by an update alone (one request), read again only on a conflict. */
    private Lease last;

    NodeLeaseRenewer(KubernetesClient client, String node, int durationSeconds) {
        this.client = client;
        this.node = node;
        this.durationSeconds = durationSeconds;
    }

    /** Renews (or creates) the lease; failures are logged once per outage and retried by the caller's schedule. */
    void renew(Node owner) {
        try {
            write(owner);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 || last == null) {
                throw e;
            }
            last = null; // someone else wrote it since our last renewal: read it and renew once more
            write(owner);
        }
    }

    private void write(Node owner) {
        try {
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            Lease current = last != null ? last : client.leases().inNamespace(NAMESPACE).withName(node).get();
            if (current == null) { // kube-node-lease is made by the API server at its first start
                LeaseBuilder lease = new LeaseBuilder().withNewMetadata().withName(node).withNamespace(NAMESPACE)
                        .endMetadata().withNewSpec().withHolderIdentity(node).withLeaseDurationSeconds(durationSeconds)
                        .withRenewTime(now).endSpec();
                if (owner != null && owner.getMetadata().getUid() != null) {
                    lease.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1")
                            .withKind("Node").withName(node).withUid(owner.getMetadata().getUid()).build()).endMetadata();
                }
                last = client.leases().inNamespace(NAMESPACE).resource(lease.build()).create();
            } else {
                current.getSpec().setRenewTime(now);
                current.getSpec().setHolderIdentity(node);
                current.getSpec().setLeaseDurationSeconds(durationSeconds);
                last = client.leases().inNamespace(NAMESPACE).resource(current).update();
            }
            if (failing) {
                LOG.info("node lease renewed again node={}", node);
                failing = false;
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 && last != null) {
                throw e;
            }
            last = null; // a deleted lease or an outage: read it again next time
            if (!failing) {
                LOG.warn("node lease not renewed node={} error={}", node, e.getMessage());
                failing = true;
            }
        }
    }
}
