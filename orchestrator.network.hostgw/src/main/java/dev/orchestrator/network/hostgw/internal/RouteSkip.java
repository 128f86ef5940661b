package dev.orchestrator.network.hostgw.internal;

/**
 * A Node that gets no route, and why.
 *
 * @param detail the value that made the decision (the podCIDR, the address), for the log line
 */
record RouteSkip(String node, Reason reason, String detail) {

    /** Why a node gets no route; {@link #expected} ones are logged at info, the others are a warning. */
    enum Reason {
        NO_POD_CIDR(true, "has no podCIDR yet"),
        NO_INTERNAL_IP(true, "has no IPv4 InternalIP"),
        SAME_MACHINE(true, "has an InternalIP of this machine, which reaches its pods itself"),
        DIRECTLY_CONNECTED(true, "has a podCIDR this machine is directly connected to"),
        NOT_IPV4_CIDR(false, "has a podCIDR that is not an IPv4 network"),
        OUTSIDE_CLUSTER_CIDR(false, "has a podCIDR outside the cluster CIDR"),
        OVERLAPS_OWN(false, "has a podCIDR overlapping this node's"),
        OVERLAPS_OTHER_NODE(false, "has a podCIDR overlapping another node's"),
        ROUTE_OF_OTHERS(false, "has a podCIDR that already has a route not made by hostgw, left alone");

        private final boolean expected;
        private final String text;

        Reason(boolean expected, String text) {
            this.expected = expected;
            this.text = text;
        }

        boolean expected() {
            return expected;
        }

        String text() {
            return text;
        }
    }
}
