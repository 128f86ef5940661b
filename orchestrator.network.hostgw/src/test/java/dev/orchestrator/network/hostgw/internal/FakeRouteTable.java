package dev.orchestrator.network.hostgw.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A routing table in memory (safe to change from a test while the sync thread reads it) with the kernel's one
 * refusal that matters here: a gateway not on a connected network ("Nexthop has invalid gateway"). Records the
 * writes.
 */
final class FakeRouteTable implements RouteTable {

    final Map<Ipv4Cidr, String> ours = new ConcurrentSkipListMap<>();
    final List<Ipv4Cidr> connected = new CopyOnWriteArrayList<>(List.of(Ipv4Cidr.parse("10.245.0.0/24")));
    final Set<Integer> local = new HashSet<>(Set.of(Ipv4Cidr.parseAddress("10.245.0.1")));
    final List<String> writes = new ArrayList<>();
    volatile boolean readFails;
    volatile int reads;

    @Override
    public synchronized KernelRoutes read() throws RouteCommandException {
        reads++;
        if (readFails) {
            throw new RouteCommandException("ip: cannot read");
        }
        return new KernelRoutes(ours, connected, Set.copyOf(connected), local);
    }

    @Override
    public synchronized void replace(NodeRoute route) throws RouteCommandException {
        writes.add("replace " + route.podCidr() + " via " + route.gatewayText());
        if (connected.stream().noneMatch(c -> c.containsAddress(route.gateway()))) {
            throw new RouteCommandException("Error: Nexthop has invalid gateway.");
        }
        ours.put(route.podCidr(), route.gatewayText());
    }

    @Override
    public synchronized void delete(Ipv4Cidr podCidr) throws RouteCommandException {
        writes.add("del " + podCidr);
        if (ours.remove(podCidr) == null) {
            throw new RouteCommandException("RTNETLINK answers: No such process");
        }
    }

    synchronized List<String> takeWrites() {
        List<String> taken = List.copyOf(writes);
        writes.clear();
        return taken;
    }
}
