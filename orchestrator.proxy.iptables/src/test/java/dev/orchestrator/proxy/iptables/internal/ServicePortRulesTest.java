package dev.orchestrator.proxy.iptables.internal;

import static dev.orchestrator.proxy.iptables.internal.Ports.key;
import static dev.orchestrator.proxy.iptables.internal.Ports.localTo;
import static dev.orchestrator.proxy.iptables.internal.Ports.tcp;
import static dev.orchestrator.proxy.iptables.internal.Ports.to;
import static dev.orchestrator.proxy.iptables.internal.Ports.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import dev.orchestrator.api.proxy.ProxyState.Protocol;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServicePortRulesTest {

    private final ChainNames names = new ChainNames("ORCH");
    private final ServicePortRules rules = new ServicePortRules(names);

    @Test
    void virtualIpBalancesRandomlyOverEveryEndpoint() {
        ServicePort sp = tcp("web", "10.96.0.10", 80, 0, "10.244.0.2:8080", "10.244.0.3:8080", "10.244.0.4:8080");
        PortRules r = rules.render(sp);
        String svc = names.service(sp.key());
        assertEquals(List.of("-d 10.96.0.10/32 -p tcp --dport 80 -j " + svc), r.natServices(),
                "nat rules carry no comment: each is one more match on the kernel's validation walk");
        List<String> chain = r.natChains().get(svc);
        assertEquals("-m statistic --mode random --probability 0.3333333333 -j " + sep(sp, "10.244.0.2", 8080), chain.get(0));
        assertEquals("-m statistic --mode random --probability 0.5000000000 -j " + sep(sp, "10.244.0.3", 8080), chain.get(1));
        assertEquals("-j " + sep(sp, "10.244.0.4", 8080), chain.get(2));
        assertEquals(3, chain.size(), "masquerading of non-cluster sources is in the services chain's head");
        assertEquals(4, r.natChains().size(), "one service chain and three endpoint chains, no external chain");
        assertTrue(r.filterServices().isEmpty());
    }

    @Test
    void probabilitiesHaveTenDecimals() {
        assertEquals("0.5000000000", ServicePortRules.probability(2));
        assertEquals("0.3333333333", ServicePortRules.probability(3));
        assertEquals("0.0010000000", ServicePortRules.probability(1000));
        assertEquals("0.0000100000", ServicePortRules.probability(100000));
    }

    @Test
    void endpointChainMasqueradesHairpinAndTranslates() {
        ServicePort sp = tcp("web", "10.96.0.10", 80, 0, "10.244.0.2:8080");
        List<String> chain = rules.render(sp).natChains().get(sep(sp, "10.244.0.2", 8080));
        assertEquals(List.of(
                "-s 10.244.0.2/32 -j ORCH-MARK-MASQ",
                "-p tcp -j DNAT --to-destination 10.244.0.2:8080"), chain);
    }

    @Test
    void sessionAffinityChecksRecentClientsFirstAndRecordsThem() {
        ServicePort sp = Ports.withAffinity(tcp("web", "10.96.0.10", 80, 0, "10.244.0.2:80", "10.244.0.3:80"), 600);
        PortRules r = rules.render(sp);
        String first = sep(sp, "10.244.0.2", 80);
        List<String> svc = r.natChains().get(names.service(sp.key()));
        assertEquals("-m recent --name " + first + " --rcheck --seconds 600 --reap -j " + first, svc.get(0));
        assertTrue(svc.get(2).contains("--probability 0.5000000000"));
        assertTrue(r.natChains().get(first).get(1).contains("-m recent --name " + first + " --set -j DNAT"));
    }

    @Test
    void withoutEndpointsTcpIsResetAndOtherProtocolsGetPortUnreachable() {
        PortRules t = rules.render(tcp("empty", "10.96.0.11", 80, 30080));
        assertTrue(t.natChains().isEmpty());
        assertTrue(t.natServices().isEmpty());
        assertEquals(List.of("-d 10.96.0.11/32 -p tcp --dport 80 -m comment --comment "
                + "\"default/empty/tcp cluster IP has no endpoints\" -j REJECT --reject-with tcp-reset"), t.filterServices());
        assertEquals(List.of("-p tcp --dport 30080 -m comment --comment \"default/empty/tcp node port has no endpoints\""
                + " -j REJECT --reject-with tcp-reset"), t.filterNodePorts());
        PortRules u = rules.render(udp("dns", "10.96.0.12", 53));
        assertTrue(u.filterServices().get(0).endsWith("-j REJECT --reject-with icmp-port-unreachable"));
    }

    @Test
    void localPolicyWithoutLocalEndpointsDrops() {
        ServicePort sp = Ports.withExternal(tcp("local", "10.96.0.13", 80, 30081, "10.244.9.9:80"), localTo(), "192.0.2.7");
        PortRules r = rules.render(sp);
        assertEquals(List.of("-d 192.0.2.7/32 -p tcp --dport 80 -m comment --comment "
                + "\"default/local/tcp external IP has no endpoints\" -j DROP"), r.filterServices());
        assertTrue(r.filterNodePorts().get(0).endsWith("-j DROP"));
        assertTrue(r.natServices().get(0).contains("-d 10.96.0.13/32"), "the virtual IP still has its endpoint");
    }

    @Test
    void nodePortAndExternalIpMasqueradeUnlessNodeLocal() {
        ServicePort cluster = Ports.withExternal(tcp("np", "10.96.0.14", 80, 30082, "10.244.0.2:80"),
                to("10.244.0.2:80"), "192.0.2.8");
        PortRules r = rules.render(cluster);
        String ext = names.external(cluster.key());
        assertEquals(List.of("-p tcp --dport 30082 -j " + ext), r.natNodePorts());
        assertEquals("-d 192.0.2.8/32 -p tcp --dport 80 -j " + ext, r.natServices().get(1));
        assertEquals("-j ORCH-MARK-MASQ", r.natChains().get(ext).get(0));

        ServicePort local = Ports.withExternal(cluster, localTo("10.244.0.2:80"));
        assertEquals("-s 127.0.0.0/8 -j ORCH-MARK-MASQ", rules.render(local).natChains().get(ext).get(0),
                "a Local policy keeps client addresses, except loopback which no pod can answer");
    }

    @Test
    void addressesThatCouldInjectOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> rules.render(tcp("bad", "10.96.0.1 -j ACCEPT", 80, 0, "10.244.0.2:80")));
        assertThrows(IllegalArgumentException.class, () -> rules.render(tcp("bad", "10.96.0.1", 80, 0, "x:80")));
        assertThrows(IllegalArgumentException.class, () -> rules.render(tcp("bad", "10.96.0.1", 0, 0, "10.0.0.1:80")));
    }

    @Test
    void commentsCarryOnlySafeCharacters() {
        ServicePort sp = new ServicePort(new dev.orchestrator.api.proxy.ProxyState.PortKey("ns\"x", "svc y", "p", Protocol.TCP),
                "10.96.0.20", 80, 0, List.of(), 0, to("10.244.0.2:80"), to("10.244.0.2:80"));
        ServicePort empty = new ServicePort(sp.key(), "10.96.0.20", 80, 0, List.of(), 0, to(), to());
        assertTrue(rules.render(empty).filterServices().get(0).contains("\"ns_x/svc_y:p/tcp cluster IP has no endpoints\""));
    }

    private String sep(ServicePort sp, String ip, int port) {
        return names.endpoint(sp.key(), new Endpoint(ip, port, true));
    }
}
