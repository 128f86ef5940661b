package dev.orchestrator.dns.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Rcode;

/**
 * Serves DNS over TCP (RFC 7766): each message is preceded by its two-byte length, and a client may send several
 * on one connection. One accepting thread hands each connection to a bounded pool; a connection beyond the pool's
 * size is closed at once, one idle past the timeout is closed, and closing the listener closes every connection.
 */
final class TcpListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);

    private final ServerSocket server;
    private final DnsResponder responder;
    private final UpstreamForwarder forwarder;
    private final ThreadPoolExecutor connections;
    private final int idleMillis;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    TcpListener(ServerSocket server, DnsResponder responder, UpstreamForwarder forwarder, int maxConnections,
                int idleMillis) {
        this.server = server;
        this.responder = responder;
        this.forwarder = forwarder;
        this.idleMillis = idleMillis;
        this.connections = NamedThreads.bounded("orchestrator-dns-tcp", maxConnections, 0);
        this.acceptor = new Thread(this::accept, "orchestrator-dns-tcp-accept");
        acceptor.setDaemon(true);
    }

    void start() {
        acceptor.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("DNS TCP accept failed error={}", e.toString());
                }
                continue;
            }
            open.add(socket);
            try {
                connections.execute(() -> serve(socket));
            } catch (RejectedExecutionException busy) {
                LOG.debug("DNS TCP connection refused, all busy client={}", socket.getRemoteSocketAddress());
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(idleMillis);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (!socket.isClosed()) {
                int length = in.readUnsignedShort();
                byte[] message = new byte[length];
                in.readFully(message);
                byte[] answer = answer(responder.handle(message, length, true));
                if (answer == null) {
                    return; // not a query: a TCP peer sending responses is no client
                }
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (EOFException | SocketTimeoutException done) {
            // the client closed the connection or let it idle: normal ends
        } catch (IOException e) {
            if (!server.isClosed()) {
                LOG.debug("DNS TCP connection ended client={} error={}", socket.getRemoteSocketAddress(), e.toString());
            }
        } catch (RuntimeException e) {
            LOG.warn("DNS TCP query failed client={} error={}", socket.getRemoteSocketAddress(), e.toString(), e);
        } finally {
            open.remove(socket);
        }
    }

    /** The bytes to send back; the connection's own thread may block on the upstreams. */
    private byte[] answer(Outcome outcome) {
        if (outcome instanceof Outcome.Reply r) {
            return r.wire();
        }
        if (outcome instanceof Outcome.Forward f) {
            try {
                return Forwarding.fit(forwarder.forward(f.wire(), true), f.maxLength());
            } catch (IOException e) {
                return responder.reply(f.query(), Rcode.SERVFAIL, false, f.maxLength()).wire();
            }
        }
        return null;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that was asked
        }
    }

    /** Stops accepting, closes every connection and waits up to {@code millis} for the threads to end. */
    void close(long millis) throws InterruptedException {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("DNS TCP listener close error={}", e.toString());
        }
        open.forEach(TcpListener::closeQuietly);
        connections.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        acceptor.join(millis);
        connections.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        close(2000);
    }
}
