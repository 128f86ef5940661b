package dev.orchestrator.kubelet.internal.probes;

import io.fabric8.kubernetes.api.model.GRPCAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.ClientCalls;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * grpc: calls {@code grpc.health.v1.Health/Check} (with the probe's {@code service}, empty by
 * default) over plaintext HTTP/2 on a fresh channel, as Kubernetes does; SERVING is success,
 * another status or an RPC error a failure. The calling probe thread waits at most the timeout.
 * One event loop thread of its own, made at the first grpc probe and kept until {@link #close},
 * serves every channel: grpc-java's shared defaults would be made and torn down around each probe
 * of a pod probed less often than every second.
 */
final class GrpcHealthProber implements Prober, AutoCloseable {

    private EventLoopGroup loop;
    private boolean closed;

    @Override
    public ProbeResult probe(Probe probe, ProbeTarget target, Duration timeout) {
        GRPCAction grpc = probe.getGrpc();
        if (grpc.getPort() == null || grpc.getPort() <= 0) {
            return ProbeResult.error("grpc probe has no port");
        }
        Optional<String> host = target.podIp();
        if (host.isEmpty()) {
            return ProbeResult.error("the pod has no IP address yet");
        }
        String address = NetworkTargets.hostPort(host.get(), grpc.getPort());
        String service = grpc.getService() == null ? "" : grpc.getService();
        EventLoopGroup group = loop();
        if (group == null) {
            return ProbeResult.error("the kubelet is stopping");
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress(new InetSocketAddress(host.get(), grpc.getPort()))
                .eventLoopGroup(group).channelType(NioSocketChannel.class).directExecutor()
                .usePlaintext().userAgent(HttpGetProber.USER_AGENT)
                .withOption(io.grpc.netty.shaded.io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        NetworkTargets.millis(timeout))
                .build();
        try {
            int status = ClientCalls.blockingUnaryCall(channel, HealthCheckCall.CHECK,
                    CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS), service);
            if (status == HealthCheckCall.SERVING) {
                return ProbeResult.success();
            }
            return ProbeResult.failure("service unhealthy (responded with \"" + HealthCheckCall.statusName(status) + "\")");
        } catch (StatusRuntimeException e) {
            return ProbeResult.failure(describe(e.getStatus(), address, timeout));
        } finally {
            channel.shutdownNow();
        }
    }

    private synchronized EventLoopGroup loop() {
        if (loop == null && !closed) {
            loop = new NioEventLoopGroup(1, new DefaultThreadFactory("kubelet-grpc-probe", true));
        }
        return loop;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (loop != null) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            loop = null;
        }
    }

    /** An RPC error in Kubernetes' words: a connection that failed, a call that timed out, an error code. */
    private static String describe(Status status, String address, Duration timeout) {
        String within = timeout.toSeconds() + "s";
        if (status.getCode() == Status.Code.UNAVAILABLE) {
            Throwable cause = status.getCause();
            String why = cause != null && cause.getMessage() != null ? cause.getMessage()
                    : status.getDescription() == null ? "unavailable" : status.getDescription();
            return "failed to connect service \"" + address + "\" within " + within + ": " + why;
        }
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return "timeout: health rpc did not complete within " + within;
        }
        return "error: health rpc probe failed: rpc error: code = " + codeName(status.getCode()) + " desc = "
                + (status.getDescription() == null ? "" : status.getDescription());
    }

    /** Go's spelling of gRPC codes ("NotFound", "Unimplemented"). */
    private static String codeName(Status.Code code) {
        StringBuilder name = new StringBuilder();
        for (String part : code.name().split("_")) {
            name.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return name.toString();
    }
}
