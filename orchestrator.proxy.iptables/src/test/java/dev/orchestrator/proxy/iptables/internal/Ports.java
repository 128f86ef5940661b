package dev.orchestrator.proxy.iptables.internal;

import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxyState.Destinations;
import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.api.proxy.ProxyState.Protocol;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import java.util.ArrayList;
import java.util.List;

/** Small builders of proxy states for the tests. */
final class Ports {

    private Ports() {
    }

    static PortKey key(String name, Protocol protocol) {
        return new PortKey("default", name, "", protocol);
    }

    static Destinations to(String... ipPorts) {
        return new Destinations(endpoints(ipPorts), false);
    }

    static Destinations localTo(String... ipPorts) {
        return new Destinations(endpoints(ipPorts), true);
    }

    static List<Endpoint> endpoints(String... ipPorts) {
        List<Endpoint> out = new ArrayList<>();
        for (String ipPort : ipPorts) {
            String[] parts = ipPort.split(":");
            out.add(new Endpoint(parts[0], Integer.parseInt(parts[1]), true));
        }
        return out;
    }

    /** A TCP cluster-IP service port whose internal and external traffic go to the same endpoints. */
    static ServicePort tcp(String name, String vip, int port, int nodePort, String... endpoints) {
        Destinations d = to(endpoints);
        return new ServicePort(key(name, Protocol.TCP), vip, port, nodePort, List.of(), 0, d, d);
    }

    static ServicePort udp(String name, String vip, int port, String... endpoints) {
        Destinations d = to(endpoints);
        return new ServicePort(key(name, Protocol.UDP), vip, port, 0, List.of(), 0, d, d);
    }

    static ServicePort withAffinity(ServicePort sp, int seconds) {
        return new ServicePort(sp.key(), sp.clusterIp(), sp.port(), sp.nodePort(), sp.externalIps(), seconds,
                sp.internal(), sp.external());
    }

    static ServicePort withExternal(ServicePort sp, Destinations external, String... externalIps) {
        return new ServicePort(sp.key(), sp.clusterIp(), sp.port(), sp.nodePort(), List.of(externalIps),
                sp.affinitySeconds(), sp.internal(), external);
    }

    static ProxyState state(ServicePort... ports) {
        return new ProxyState(List.of(ports), List.of("10.250.0.1", "127.0.0.1"), List.of("10.244.0.0/16"));
    }
}
