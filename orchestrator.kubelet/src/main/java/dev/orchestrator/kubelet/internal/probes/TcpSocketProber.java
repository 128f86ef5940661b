package dev.orchestrator.kubelet.internal.probes;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/** tcpSocket: the probe succeeds when a TCP connection to the port opens within the timeout. */
final class TcpSocketProber implements Prober {

    @Override
    public ProbeResult probe(Probe probe, ProbeTarget target, Duration timeout) {
        TCPSocketAction tcp = probe.getTcpSocket();
        Optional<Integer> port = ContainerPorts.resolve(target.spec(), tcp.getPort());
        if (port.isEmpty()) {
            return ProbeResult.error("couldn't find port: " + ContainerPorts.describe(tcp.getPort()));
        }
        Optional<String> host = NetworkTargets.host(tcp.getHost(), target);
        if (host.isEmpty()) {
            return ProbeResult.error("the pod has no IP address yet");
        }
        return connect(host.get(), port.get(), timeout);
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
