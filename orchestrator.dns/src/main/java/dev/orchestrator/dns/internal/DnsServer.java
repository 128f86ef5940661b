package dev.orchestrator.dns.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening part of the cluster DNS: a UDP and a TCP listener on the same address and port, answering from
 * one {@link DnsResponder}, and the pool of threads that wait on upstreams. Independent of OSGi, so that tests
 * run it on loopback. {@link #close} returns within a few seconds whatever the clients do.
 */
final class DnsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    private static final int BIND_ATTEMPTS = 5;
    private static final long CLOSE_MILLIS = 2000;

    private final UdpListener udp;
    private final TcpListener tcp;
    private final ThreadPoolExecutor forwarding;
    private final InetSocketAddress address;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private DnsServer(UdpListener udp, TcpListener tcp, ThreadPoolExecutor forwarding, InetSocketAddress address) {
        this.udp = udp;
        this.tcp = tcp;
        this.forwarding = forwarding;
        this.address = address;
    }

    /** Binds both sockets (port 0: a free port, the same for both) and starts answering. */
    static DnsServer start(DnsSettings settings, ServiceCatalog catalog) throws IOException {
        UpstreamForwarder forwarder = new UpstreamForwarder(settings.upstreams(), settings.upstreamTimeout());
        ClusterRecords records = new ClusterRecords(catalog, settings.clusterDomain(), settings.ttlSeconds(),
                settings.listenAddress(), System.currentTimeMillis() / 1000);
        DnsResponder responder = new DnsResponder(records, catalog, forwarder.enabled());
        DatagramSocket datagrams = null;
        ServerSocket stream = null;
        for (int attempt = 1; stream == null; attempt++) {
            datagrams = new DatagramSocket(new InetSocketAddress(settings.listenAddress(), settings.port()));
            try {
                stream = new ServerSocket();
                stream.setReuseAddress(true);
                stream.bind(new InetSocketAddress(settings.listenAddress(), datagrams.getLocalPort()), 64);
            } catch (BindException taken) {
                datagrams.close();
                stream.close();
                stream = null;
                // with port 0 the UDP port chosen may be taken for TCP: choose again
                if (settings.port() != 0 || attempt == BIND_ATTEMPTS) {
                    throw taken;
                }
            }
        }
        ThreadPoolExecutor forwarding = NamedThreads.bounded("orchestrator-dns-forward", settings.forwardThreads(),
                settings.forwardThreads() * 16);
        UdpListener udp = new UdpListener(datagrams, responder, forwarder, forwarding);
        TcpListener tcp = new TcpListener(stream, responder, forwarder, settings.maxTcpConnections(),
                (int) settings.tcpIdle().toMillis());
        udp.start();
        tcp.start();
        InetSocketAddress bound = new InetSocketAddress(settings.listenAddress(), datagrams.getLocalPort());
        LOG.info("cluster DNS listening address={} domain={} ttl={} upstreams={}", bound, settings.clusterDomain(),
                settings.ttlSeconds(), settings.upstreams());
        return new DnsServer(udp, tcp, forwarding, bound);
    }

    InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            udp.close(CLOSE_MILLIS);
            tcp.close(CLOSE_MILLIS);
            forwarding.shutdownNow();
            if (!forwarding.awaitTermination(CLOSE_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("cluster DNS forwarding threads still running after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("cluster DNS stopped address={}", address);
    }
}
