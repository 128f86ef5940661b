package dev.orchestrator.dns.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** The server's configuration, checked once at activation so that a bad value fails it with a clear message. */
record DnsSettings(InetAddress listenAddress, int port, Name clusterDomain, long ttlSeconds,
                   List<InetSocketAddress> upstreams, Duration upstreamTimeout, int forwardThreads,
                   int maxTcpConnections, Duration tcpIdle) {

    static DnsSettings of(ClusterDnsConfig c) {
        InetAddress listen = address(c.listenAddress());
        int port = range("port", c.port(), 0, 65535);
        List<InetSocketAddress> upstreams = UpstreamForwarder.parse(c.upstreams());
        if (upstreams.contains(new InetSocketAddress(listen, port))) {
            // every forwarded query would come back here until the forwarding threads ran out
            throw new IllegalArgumentException("upstreams must not name this server itself (" + listen.getHostAddress()
                    + ":" + port + ")");
        }
        return new DnsSettings(listen, port, domain(c.clusterDomain()), range("ttlSeconds", c.ttlSeconds(), 0, 3600),
                upstreams,
                Duration.ofMillis(range("upstreamTimeoutMillis", c.upstreamTimeoutMillis(), 1, 60_000)),
                range("forwardThreads", c.forwardThreads(), 1, 256),
                range("maxTcpConnections", c.maxTcpConnections(), 1, 1024),
                Duration.ofSeconds(range("tcpIdleSeconds", c.tcpIdleSeconds(), 1, 3600)));
    }

    private static InetAddress address(String text) {
        String ip = text.trim();
        if (!Address.isDottedQuad(ip) && !ip.contains(":")) {
            throw new IllegalArgumentException("listenAddress must be an IP address, not '" + text + "'");
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("listenAddress must be an IP address, not '" + text + "'", e);
        }
    }

    static Name domain(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.equals(".")) {
            throw new IllegalArgumentException("clusterDomain must be a domain such as cluster.local, not '" + text + "'");
        }
        try {
            return Name.fromString(trimmed.toLowerCase(java.util.Locale.ROOT), Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("clusterDomain is not a domain name: '" + text + "'", e);
        }
    }

    private static int range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }
}
