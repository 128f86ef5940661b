package dev.orchestrator.kubelet.internal.probes;

import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;

/** Picks the prober for a probe's handler (exactly one is set: the API server checks it) and runs it. */
final class ProbeHandlers implements AutoCloseable {

    private final Prober httpGet = new HttpGetProber();
    private final Prober tcpSocket = new TcpSocketProber();
    private final Prober exec = new ExecProber();
    private final GrpcHealthProber grpc = new GrpcHealthProber();

    ProbeResult run(Probe probe, ProbeTarget target, Duration timeout) {
        Prober prober = probe.getHttpGet() != null ? httpGet
                : probe.getTcpSocket() != null ? tcpSocket
                : probe.getExec() != null ? exec
                : probe.getGrpc() != null ? grpc : null;
        if (prober == null) {
            return ProbeResult.error("probe has no handler");
        }
        try {
            return prober.probe(probe, target, timeout);
        } catch (RuntimeException | LinkageError e) {
            // a prober's bug or a missing library must cost a failed probe, never the probe worker
            return ProbeResult.error(e.toString());
        }
    }

    /** Frees what the probers hold (the gRPC event loop). */
    @Override
    public void close() {
        grpc.close();
    }
}
