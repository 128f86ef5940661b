package dev.orchestrator.runtime.cri.internal;

import dev.orchestrator.runtime.cri.internal.v1.ImageServiceGrpc;
import dev.orchestrator.runtime.cri.internal.v1.ImageServiceGrpc.ImageServiceBlockingStub;
import dev.orchestrator.runtime.cri.internal.v1.RuntimeServiceGrpc;
import dev.orchestrator.runtime.cri.internal.v1.RuntimeServiceGrpc.RuntimeServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gRPC channel to a CRI endpoint over its unix socket, with the two CRI stubs, per-call deadlines and error
 * mapping. Owns every thread it uses (named {@code cri-*}) and stops them in {@link #close()}.
 *
 * <p>The socket is reached with Netty's epoll transport when its native library loads (it is copied out of the
 * embedded grpc-netty-shaded jar to a temporary file, which works from a bundle class path), otherwise with Java's
 * own unix domain sockets through Netty's NIO transport. Thread-safe.
 */
final class CriChannel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CriChannel.class);

    /** Largest reply accepted; the kubelet allows the same (ExecSync output, long container lists). */
    private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final CriEndpoint endpoint;
    private final EventLoopGroup eventLoops;
    private final ExecutorService executor;
    private final ManagedChannel channel;
    private final RuntimeServiceBlockingStub runtime;
    private final ImageServiceBlockingStub images;
    private final String transport;

    CriChannel(CriEndpoint endpoint, String transportChoice) {
        this.endpoint = endpoint;
        boolean epoll = useEpoll(transportChoice);
        this.transport = epoll ? "epoll" : "nio";
        IoHandlerFactory ioHandler = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.eventLoops = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("cri-io", true), ioHandler);
        this.executor = Executors.newFixedThreadPool(2, new DefaultThreadFactory("cri-exec", true));
        Class<? extends Channel> channelType = epoll ? EpollDomainSocketChannel.class : NioDomainSocketChannel.class;
        SocketAddress address = epoll ? new DomainSocketAddress(endpoint.socket().toString())
                : UnixDomainSocketAddress.of(endpoint.socket());
        this.channel = NettyChannelBuilder.forAddress(address)
                .eventLoopGroup(eventLoops)
                .channelType(channelType)
                // gRPC asks every socket for TCP keep-alive; a unix socket has none (Netty would warn per connection)
                .withOption(ChannelOption.SO_KEEPALIVE, null)
                .executor(executor)
                .offloadExecutor(executor)
                .usePlaintext()
                .overrideAuthority("localhost")
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build();
        this.runtime = RuntimeServiceGrpc.newBlockingStub(channel);
        this.images = ImageServiceGrpc.newBlockingStub(channel);
        LOG.info("CRI channel created endpoint={} transport={}", endpoint, transport);
    }

    private static boolean useEpoll(String choice) {
        String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
        return switch (c) {
            case "nio" -> false;
            case "epoll" -> {
                Epoll.ensureAvailability();
                yield true;
            }
            default -> {
                if (!Epoll.isAvailable()) {
                    LOG.warn("epoll transport unavailable, using Java unix sockets cause={}",
                            String.valueOf(Epoll.unavailabilityCause()));
                }
                yield Epoll.isAvailable();
            }
        };
    }

    CriEndpoint endpoint() {
        return endpoint;
    }

    /** "epoll" or "nio": how the socket is reached. */
    String transport() {
        return transport;
    }

    /** Calls the runtime service within {@code timeout}; failures become runtime API exceptions. */
    <T> T runtime(String operation, Duration timeout, Function<RuntimeServiceBlockingStub, T> call) {
        return invoke(operation, () -> call.apply(runtime.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)));
    }

    /** Calls the image service within {@code timeout}; failures become runtime API exceptions. */
    <T> T images(String operation, Duration timeout, Function<ImageServiceBlockingStub, T> call) {
        return invoke(operation, () -> call.apply(images.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)));
    }

    private <T> T invoke(String operation, java.util.function.Supplier<T> call) {
        long start = System.nanoTime();
        try {
            T result = call.get();
            LOG.debug("CRI call op={} ms={}", operation, (System.nanoTime() - start) / 1_000_000);
            return result;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                // the runtime may be back already (restart, upgrade): retry the connection now, not after back-off
                channel.resetConnectBackoff();
            }
            LOG.debug("CRI call failed op={} code={} message={}", operation, e.getStatus().getCode(),
                    CriErrors.description(e.getStatus()));
            throw CriErrors.map(e, operation, endpoint);
        }
    }

    /** Closes the channel and stops its threads, waiting a bounded time; running containers are untouched. */
    @Override
    public void close() {
        channel.shutdownNow();
        try {
            if (!channel.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("CRI channel did not terminate endpoint={} waitMs={}", endpoint, CLOSE_WAIT.toMillis());
            }
            eventLoops.shutdownGracefully(0, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .await(CLOSE_WAIT.toMillis() * 2);
            executor.shutdownNow();
            executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("CRI channel closed endpoint={}", endpoint);
    }
}
