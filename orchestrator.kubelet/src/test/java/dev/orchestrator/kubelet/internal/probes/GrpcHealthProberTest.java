package dev.orchestrator.kubelet.internal.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The grpc prober against grpc-java's own health service (HealthStatusManager from grpc-services)
 * on a real Netty server on loopback: the hand-written messages must match the generated ones.
 */
class GrpcHealthProberTest {

    private final HealthStatusManager health = new HealthStatusManager();
    private final GrpcHealthProber prober = new GrpcHealthProber();
    private Server server;

    @BeforeEach
    void start() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(health.getHealthService()).build().start();
    }

    @AfterEach
    void stop() throws Exception {
        prober.close();
        server.shutdownNow().awaitTermination();
    }

    private ProbeResult probe(int port, String service) {
        var grpc = new ProbeBuilder().withNewGrpc().withPort(port).withService(service).endGrpc().build();
        return prober.probe(grpc, new ProbeTarget(new Container(), "c1", Optional.of("127.0.0.1"), null),
                Duration.ofSeconds(2));
    }

    @Test
    void theServerAsAWholeIsServingByDefault() {
        assertEquals(ProbeResult.success(), probe(server.getPort(), null));
        assertEquals(ProbeResult.success(), probe(server.getPort(), ""));
    }

    @Test
    void aNamedServiceIsAskedForByName() {
        health.setStatus("orders", ServingStatus.SERVING);
        health.setStatus("billing", ServingStatus.NOT_SERVING);
        assertEquals(ProbeResult.success(), probe(server.getPort(), "orders"));
        assertEquals(ProbeResult.failure("service unhealthy (responded with \"NOT_SERVING\")"),
                probe(server.getPort(), "billing"));
    }

    @Test
    void anUnknownServiceIsAFailureWithTheRpcError() {
        ProbeResult r = probe(server.getPort(), "nobody");
        assertEquals(ProbeResult.Outcome.FAILURE, r.outcome());
        assertEquals("error: health rpc probe failed: rpc error: code = NotFound desc = unknown service nobody", r.message());
    }

    @Test
    void aServerWithoutTheHealthServiceIsUnimplemented() throws Exception {
        Server bare = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(io.grpc.ServerServiceDefinition.builder("other.Service").build()).build().start();
        try {
            ProbeResult r = probe(bare.getPort(), null);
            assertEquals(ProbeResult.Outcome.FAILURE, r.outcome());
            assertTrue(r.message().startsWith("error: health rpc probe failed: rpc error: code = Unimplemented"), r.message());
        } finally {
            bare.shutdownNow().awaitTermination();
        }
    }

    @Test
    void aPortWithoutServerFailsToConnect() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ProbeResult r = probe(closed, null);
        assertEquals(ProbeResult.Outcome.FAILURE, r.outcome());
        assertTrue(r.message().startsWith("failed to connect service \"127.0.0.1:" + closed + "\" within 2s: "), r.message());
        assertTrue(r.message().contains("refused"), r.message());
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            ProbeResult r = probe(silent.getLocalPort(), null);
            assertEquals(ProbeResult.Outcome.FAILURE, r.outcome(), r.message());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
        }
    }

    @Test
    void aClosedProberRunsNoMoreProbes() {
        assertEquals(ProbeResult.success(), probe(server.getPort(), null));
        prober.close();
        assertEquals(ProbeResult.error("the kubelet is stopping"), probe(server.getPort(), null));
    }

    @Test
    void theMessagesRoundTrip() throws Exception {
        var request = HealthCheckCall.CHECK.getRequestMarshaller();
        var response = HealthCheckCall.CHECK.getResponseMarshaller();
        assertEquals("a-service", request.parse(request.stream("a-service")));
        assertEquals("", request.parse(request.stream("")));
        for (int status : new int[] {0, 1, 2, 3, 300}) {
            assertEquals(status, response.parse(response.stream(status)));
        }
        byte[] generated = io.grpc.health.v1.HealthCheckRequest.newBuilder().setService("x".repeat(200)).build().toByteArray();
        assertEquals("x".repeat(200), request.parse(new java.io.ByteArrayInputStream(generated)));
        assertTrue(java.util.Arrays.equals(generated, request.stream("x".repeat(200)).readAllBytes()));
    }
}
