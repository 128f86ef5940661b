package dev.orchestrator.network.hostgw.internal;

/**
 * One route this node wants: the pod CIDR of another node through that node's InternalIP.
 *
 * @param node the Node the route leads to, named in every log line about it
 * @param gateway the node's InternalIP
 */
record NodeRoute(Ipv4Cidr podCidr, int gateway, String node) {

    String gatewayText() {
        return Ipv4Cidr.formatAddress(gateway);
    }

    @Override
    public String toString() {
        return podCidr + " via " + gatewayText() + " (node " + node + ")";
    }
}
