package dev.orchestrator.dns.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;

/**
 * Passes a query for a name outside the cluster to the configured upstream resolvers, in order, and returns the
 * first answer: over UDP, then over TCP when the client asked over TCP and the UDP answer was truncated. The
 * query's bytes travel unchanged (same id, same EDNS size), so the answer fits what the client asked for. Blocks
 * up to the timeout per upstream; call it from a forwarding thread, never from a listener.
 */
final class UpstreamForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamForwarder.class);

    private final List<InetSocketAddress> upstreams;
    private final int timeoutMillis;

    UpstreamForwarder(List<InetSocketAddress> upstreams, Duration timeout) {
        this.upstreams = List.copyOf(upstreams);
        this.timeoutMillis = (int) Math.max(1, timeout.toMillis());
    }

    /** {@code ip} or {@code ip:port} (port 53 by default); names are refused: resolving them would need DNS. */
    static List<InetSocketAddress> parse(String[] entries) {
        List<InetSocketAddress> parsed = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            boolean hasPort = colon > 0 && entry.indexOf(':') == colon;
            String host = hasPort ? entry.substring(0, colon) : entry;
            int port = hasPort ? Integer.parseInt(entry.substring(colon + 1)) : 53;
            if (!org.xbill.DNS.Address.isDottedQuad(host) && !host.contains(":")) {
                throw new IllegalArgumentException("upstreams must be IP addresses, not '" + entry + "'");
            }
            try {
                parsed.add(new InetSocketAddress(InetAddress.getByName(host), port));
            } catch (IOException e) {
                throw new IllegalArgumentException("upstreams must be IP addresses, not '" + entry + "'", e);
            }
        }
        return parsed;
    }

    boolean enabled() {
        return !upstreams.isEmpty();
    }

    /** The first upstream answer to {@code query}, or an exception when none answered in time. */
    byte[] forward(byte[] query, boolean tcp) throws IOException {
        int id = new Header(query).getID();
        IOException last = new IOException("no upstream configured");
        for (InetSocketAddress upstream : upstreams) {
            try {
                byte[] answer = overUdp(upstream, query, id);
                if (tcp && new Header(answer).getFlag(Flags.TC)) {
                    answer = overTcp(upstream, query);
                }
                return answer;
            } catch (IOException e) {
                LOG.debug("upstream did not answer upstream={} error={}", upstream, e.toString());
                last = e;
            }
        }
        throw last;
    }

    private byte[] overUdp(InetSocketAddress upstream, byte[] query, int id) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(upstream);
            socket.setSoTimeout(timeoutMillis);
            socket.send(new DatagramPacket(query, query.length));
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            byte[] buffer = new byte[DnsResponder.MAX_TCP_MESSAGE];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                if (packet.getLength() >= Header.LENGTH) {
                    byte[] answer = java.util.Arrays.copyOf(buffer, packet.getLength());
                    Header h = new Header(answer);
                    if (h.getID() == id && h.getFlag(Flags.QR)) {
                        return answer;
                    }
                }
                // a stray or spoofed datagram: keep waiting for the real answer, within the same deadline
                int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
                if (left <= 0) {
                    throw new SocketTimeoutException("no answer from " + upstream);
                }
                socket.setSoTimeout(left);
            }
        }
    }

    private byte[] overTcp(InetSocketAddress upstream, byte[] query) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(upstream, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(query.length);
            out.write(query);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            return answer;
        }
    }
}
