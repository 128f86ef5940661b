package dev.orchestrator.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-side balancing over several API servers, as k3s agents do it: a TCP forwarder on a loopback port
 * of this process that carries each connection of its clients to one API server — the one that last
 * answered, so the watches of a process stay together — and to the next when that one refuses or does not
 * answer in time. A server that failed is skipped for a while. Connections to a server that dies end with
 * it, and the clients' reconnects (informers relist and rewatch) land on a live one.
 *
 * <p>TLS passes through untouched: clients still verify the API server's certificate, which names
 * 127.0.0.1 for this reason, and authenticate to it end to end.
 */
final class ApiServerBalancer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServerBalancer.class);
    private static final long SKIP_FAILED_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** A server as configured; its name is resolved at each connect. */
    private record Target(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private final List<Target> servers;
    private final AtomicLongArray failedUntil;
    private final int connectTimeoutMillis;
    private final ServerSocket listener;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile int current;

    private ApiServerBalancer(List<Target> servers, int connectTimeoutMillis) throws IOException {
        this.servers = servers;
        this.failedUntil = new AtomicLongArray(servers.size());
        long now = System.nanoTime();
        for (int i = 0; i < servers.size(); i++) {
            failedUntil.set(i, now); // nanoTime has no fixed origin: "not failed" is a time already passed
        }
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "api-balancer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts forwarding to these servers ({@code scheme://host:port}, one scheme for all). */
    static ApiServerBalancer start(List<URI> servers, int connectTimeoutMillis) throws IOException {
        ApiServerBalancer balancer = new ApiServerBalancer(
                servers.stream().map(uri -> new Target(uri.getHost(), port(uri))).toList(), connectTimeoutMillis);
        balancer.threads.execute(balancer::accept);
        LOG.info("API server balancer on {} over {}", balancer.listener.getLocalSocketAddress(), servers);
        return balancer;
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    /** The URL clients use instead of the servers'. */
    String url(String scheme) {
        return scheme + "://127.0.0.1:" + listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                threads.execute(() -> forward(client));
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.warn("API server balancer cannot accept: {}", e.toString());
                }
            }
        }
    }

    private void forward(Socket client) {
        open.add(client);
        Socket server = connect();
        if (server == null) {
            closeBoth(client, null);
            return;
        }
        open.add(server);
        try {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
        } catch (IOException e) {
            closeBoth(client, server);
            return;
        }
        AtomicInteger directionsOpen = new AtomicInteger(2);
        threads.execute(() -> pump(server, client, directionsOpen));
        pump(client, server, directionsOpen);
    }

    /**
     * A connection to the current server, else to the next that accepts one; servers that failed lately come
     * last, so they are tried only when no other accepts. Null when none accepts.
     */
    private Socket connect() {
        for (int i : tryOrder()) {
            Target target = servers.get(i);
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(target.host(), target.port()), connectTimeoutMillis);
                if (current != i) {
                    current = i;
                    LOG.info("API server balancer now prefers {}", target);
                }
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                if (!failedLately(i)) {
                    LOG.warn("API server {} does not accept connections ({}); trying the others", target, e.toString());
                }
                failedUntil.set(i, System.nanoTime() + SKIP_FAILED_NANOS);
            }
        }
        LOG.warn("no API server of {} accepts connections", servers);
        return null;
    }

    /** Every server once, from the current one on, those that failed lately at the end. */
    private List<Integer> tryOrder() {
        List<Integer> fine = new ArrayList<>();
        List<Integer> failed = new ArrayList<>();
        int start = current;
        for (int k = 0; k < servers.size(); k++) {
            int i = (start + k) % servers.size();
            (failedLately(i) ? failed : fine).add(i);
        }
        fine.addAll(failed);
        return fine;
    }

    private boolean failedLately(int i) {
        return System.nanoTime() - failedUntil.get(i) < 0;
    }

    /**
     * Copies one direction. Its end is passed on as a half close, so that what the other side still sends
     * arrives; the sockets close when both directions ended, or at once when one fails.
     */
    private void pump(Socket from, Socket to, AtomicInteger directionsOpen) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
            to.shutdownOutput();
            if (directionsOpen.decrementAndGet() == 0) {
                closeBoth(from, to);
            }
        } catch (IOException ended) {
            // a reset, or the other direction closed the sockets: closing ends the other pump too
            closeBoth(from, to);
        }
    }

    private void closeBoth(Socket a, Socket b) {
        for (Socket socket : new Socket[] {a, b}) {
            if (socket != null) {
                open.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        threads.shutdownNow();
    }
}
