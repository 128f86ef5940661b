package dev.orchestrator.network.hostgw.internal;

/**
 * The routing table of this machine (or of the network namespace the commands run in), as far as host-gw
 * routes need it. Every write names our protocol number, so nothing else in the table can be changed.
 */
interface RouteTable {

    /** Reads our routes, the connected ones, the ones of others and this machine's addresses. */
    KernelRoutes read() throws RouteCommandException;

    /** Adds the route with our protocol, or replaces ours to the same destination. */
    void replace(NodeRoute route) throws RouteCommandException;

    /** Deletes our route to {@code podCidr}; a route of another protocol to it is not matched. */
    void delete(Ipv4Cidr podCidr) throws RouteCommandException;
}
