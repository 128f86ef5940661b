package dev.orchestrator.dns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsSettingsTest {

    /** A configuration with the defaults but for the given listen address, port and upstreams. */
    private static ClusterDnsConfig config(String listen, int port, String... upstreams) {
        return new ClusterDnsConfig() {
            public Class<? extends Annotation> annotationType() {
                return ClusterDnsConfig.class;
            }

            public String listenAddress() {
                return listen;
            }

            public int port() {
                return port;
            }

            public String clusterDomain() {
                return "Cluster.Local.";
            }

            public int ttlSeconds() {
                return 30;
            }

            public String[] upstreams() {
                return upstreams;
            }

            public int upstreamTimeoutMillis() {
                return 2000;
            }

            public int forwardThreads() {
                return 4;
            }

            public int maxTcpConnections() {
                return 16;
            }

            public int tcpIdleSeconds() {
                return 10;
            }
        };
    }

    @Test
    void upstreamsAreAddressesWithPort53ByDefault() {
        DnsSettings s = DnsSettings.of(config("10.244.0.1", 53, "192.0.2.53", " 192.0.2.54:5353 ", ""));
        assertEquals(List.of(new InetSocketAddress("192.0.2.53", 53), new InetSocketAddress("192.0.2.54", 5353)),
                s.upstreams());
        assertEquals("cluster.local.", s.clusterDomain().toString());
    }

    @Test
    void badValuesFailActivationWithAMessage() {
        assertThrows(IllegalArgumentException.class, () -> DnsSettings.of(config("node-1", 53)));
        assertThrows(IllegalArgumentException.class, () -> DnsSettings.of(config("10.244.0.1", 70000)));
        assertThrows(IllegalArgumentException.class, () -> DnsSettings.of(config("10.244.0.1", 53, "dns.example")));
        // forwarding to itself would loop
        assertThrows(IllegalArgumentException.class, () -> DnsSettings.of(config("10.244.0.1", 53, "10.244.0.1")));
    }
}
