package dev.orchestrator.dns.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Rcode;

/**
 * Receives queries on one UDP socket and answers them from its own thread: cluster answers come from memory, so
 * only forwarded queries go to the forwarding pool. A failure with one packet is logged and the loop goes on;
 * the thread ends only when the socket is closed.
 */
final class UdpListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);

    private final DatagramSocket socket;
    private final DnsResponder responder;
    private final UpstreamForwarder forwarder;
    private final ExecutorService forwarding;
    private final Thread thread;

    UdpListener(DatagramSocket socket, DnsResponder responder, UpstreamForwarder forwarder, ExecutorService forwarding) {
        this.socket = socket;
        this.responder = responder;
        this.forwarder = forwarder;
        this.forwarding = forwarding;
        this.thread = new Thread(this::receive, "orchestrator-dns-udp");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void receive() {
        byte[] buffer = new byte[DnsResponder.MAX_TCP_MESSAGE];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("DNS UDP receive failed error={}", e.toString());
                }
                continue;
            }
            SocketAddress client = packet.getSocketAddress();
            try {
                handle(responder.handle(buffer, packet.getLength(), false), client);
            } catch (RuntimeException e) {
                LOG.warn("DNS UDP query failed client={} error={}", client, e.toString(), e);
            }
        }
    }

    private void handle(Outcome outcome, SocketAddress client) {
        if (outcome instanceof Outcome.Reply r) {
            send(r.wire(), client);
        } else if (outcome instanceof Outcome.Forward f) {
            try {
                forwarding.execute(() -> send(forwarded(f), client));
            } catch (RejectedExecutionException busy) {
                send(responder.reply(f.query(), Rcode.SERVFAIL, false, f.maxLength()).wire(), client);
            }
        } else if (outcome instanceof Outcome.Drop d) {
            LOG.debug("DNS UDP packet dropped client={} reason={}", client, d.why());
        }
    }

    private byte[] forwarded(Outcome.Forward f) {
        try {
            return Forwarding.fit(forwarder.forward(f.wire(), false), f.maxLength());
        } catch (IOException e) {
            LOG.debug("DNS forward failed name={} error={}", f.query().getQuestion().getName(), e.toString());
            return responder.reply(f.query(), Rcode.SERVFAIL, false, f.maxLength()).wire();
        }
    }

    private void send(byte[] wire, SocketAddress client) {
        try {
            socket.send(new DatagramPacket(wire, wire.length, client));
        } catch (IOException e) {
            if (!socket.isClosed()) {
                LOG.debug("DNS UDP answer not sent client={} error={}", client, e.toString());
            }
        }
    }

    /** Closes the socket, which ends the receiving thread; waits for it up to {@code millis}. */
    void close(long millis) throws InterruptedException {
        socket.close();
        thread.join(millis);
    }

    @Override
    public void close() throws InterruptedException {
        close(2000);
    }
}
