package dev.orchestrator.proxy.nftables.internal;

import dev.orchestrator.api.proxy.ProxyState.Destinations;
import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.api.proxy.ProxyState.Protocol;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import java.util.ArrayList;
import java.util.List;

/** Many ClusterIP service ports with two endpoints each, in ranges the scratch network does not use. */
final class ManyServices {

    private ManyServices() {
    }

    static List<ServicePort> ports(int count) {
        List<ServicePort> ports = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<Endpoint> endpoints = List.of(new Endpoint(ip("10.245", 2 * i), 8080, false),
                    new Endpoint(ip("10.245", 2 * i + 1), 8080, false));
            Destinations destinations = new Destinations(endpoints, false);
            ports.add(new ServicePort(new PortKey("bench", "svc-" + i, "http", Protocol.TCP), ip("10.100", i), 80, 0,
                    List.of(), 0, destinations, destinations));
        }
        return ports;
    }

    private static String ip(String prefix, int index) {
        return prefix + "." + (index / 256) + "." + (index % 256);
    }
}
