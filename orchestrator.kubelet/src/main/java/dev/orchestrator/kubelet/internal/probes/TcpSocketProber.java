package dev.orchestrator.kubelet.internal.probes;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** tcpSocket: the probe succeeds when a TCP connection to the port opens within the timeout. */
final class TcpSocketProber implements Prober {

    @Override
    public ProbeResult probe(Probe probe, ProbeTarget target, Duration timeout) {
        TCPSocketAction tcp = probe.getTcpSocket();
        try {
            NetworkTargets.Endpoint to = NetworkTargets.endpoint(tcp.getPort(), tcp.getHost(), target);
            return connect(to.host(), to.port(), timeout);
        } catch (NetworkTargets.Unresolved e) {
            return ProbeResult.error(e.getMessage());
        }
    }

    /** Opens and closes one connection; also used by the HTTP prober for its wording of dial errors. */
    static ProbeResult connect(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), NetworkTargets.millis(timeout));
            return ProbeResult.success();
        } catch (IOException e) {
            return ProbeResult.failure(dialError(host, port, e));
        }
    }

    /** A connection error worded as Kubernetes' (Go's) dialer words it. */
    static String dialError(String host, int port, IOException e) {
        String what = "dial tcp " + NetworkTargets.hostPort(host, port) + ": ";
        if (e instanceof SocketTimeoutException) {
            return what + "i/o timeout";
        }
        if (e instanceof ConnectException && String.valueOf(e.getMessage()).contains("refused")) {
            return what + "connect: connection refused";
        }
        if (e instanceof java.net.NoRouteToHostException) {
            return what + "connect: no route to host";
        }
        return what + e.getMessage();
    }
}
