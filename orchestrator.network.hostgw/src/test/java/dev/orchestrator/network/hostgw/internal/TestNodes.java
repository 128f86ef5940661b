package dev.orchestrator.network.hostgw.internal;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;

/** fabric8 Nodes as a kubelet registers them: a podCIDR and an InternalIP (either may be left out with ""). */
final class TestNodes {

    private TestNodes() {
    }

    static Node node(String name, String podCidr, String internalIp) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
        if (!podCidr.isEmpty()) {
            node.withNewSpec().withPodCIDR(podCidr).withPodCIDRs(podCidr).endSpec();
        }
        node.withNewStatus().addNewAddress().withType("Hostname").withAddress(name).endAddress().endStatus();
        if (!internalIp.isEmpty()) {
            node.editStatus().addNewAddress().withType("InternalIP").withAddress(internalIp).endAddress().endStatus();
        }
        return node.build();
    }

    static NodeFacts facts(String name, String podCidr, String... internalIps) {
        return new NodeFacts(name, podCidr, java.util.List.of(internalIps));
    }
}
