package dev.orchestrator.streaming.internal;

import dev.orchestrator.api.runtime.ContainerExec.StreamOptions;
import dev.orchestrator.api.streaming.ExecHandler;
import dev.orchestrator.api.streaming.PortForwardHandler;
import dev.orchestrator.api.streaming.StreamingServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link StreamingServer}: Netty on loopback (a random port by default), one event loop for accepting, two for
 * connections, and a bounded pool of threads for the handlers (which block on the runtime and on the client). A
 * connection carries one HTTP request ({@link UpgradeHandler}), then one session in the protocol agreed. The
 * listener and its threads start with the first session: a node whose runtimes have streaming servers of their
 * own (containerd) never opens the port. Stopping the component closes the listener and every connection
 * (sessions end for their clients), and leaves no thread. Immediate: the server does not stop (ending its
 * sessions) when its last user, e.g. a runtime bundle being updated, goes away for a moment.
 */
@Component(name = StreamingServerConfig.PID, service = StreamingServer.class,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = StreamingServerConfig.class)
public final class NettyStreamingServer implements StreamingServer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NettyStreamingServer.class);

    private final StreamingServerConfig config;
    private final Sessions sessions;
    private final Duration ttl;
    /** Null until the first session, and after {@link #close}. */
    private Listening listening;
    private boolean closed;

    @Activate
    public NettyStreamingServer(StreamingServerConfig config) {
        this.config = config;
        this.sessions = new Sessions(config.maxPendingSessions());
        this.ttl = Duration.ofSeconds(Math.max(1, config.sessionTtlSeconds()));
    }

    /** The listener with its threads. */
    private record Listening(EventLoopGroup accept, EventLoopGroup io, ThreadPoolExecutor pool, Channel listener,
                             String base) {

        static Listening start(StreamingServerConfig config, Sessions sessions, Duration ttl) throws InterruptedException {
            Duration creation = Duration.ofSeconds(Math.max(1, config.streamCreationTimeoutSeconds()));
            long idleMinutes = Math.max(1, config.idleTimeoutMinutes());
            EventLoopGroup accept = new NioEventLoopGroup(1, new DefaultThreadFactory("orchestrator-streaming-accept", true));
            EventLoopGroup io = new NioEventLoopGroup(2, new DefaultThreadFactory("orchestrator-streaming-io", true));
            AtomicInteger threads = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Math.max(1, config.handlerThreads()), 60,
                    TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, "orchestrator-streaming-session-" + threads.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            Channel listener;
            try {
                listener = new ServerBootstrap().group(accept, io).channel(NioServerSocketChannel.class)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, idleMinutes, TimeUnit.MINUTES))
                                        .addLast("close-idle", new CloseIdle())
                                        .addLast("http", new HttpServerCodec())
                                        .addLast("aggregator", new HttpObjectAggregator(64 * 1024))
                                        .addLast("upgrade", new UpgradeHandler(sessions, pool, creation));
                            }
                        }).bind(config.address(), config.port()).sync().channel();
            } catch (RuntimeException | InterruptedException e) {
                shutdown(accept, io, pool);
                throw e;
            }
            InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
            String host = bound.getAddress().getHostAddress();
            String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort();
            io.next().scheduleAtFixedRate(() -> sessions.expire(System.nanoTime()), ttl.toSeconds(), ttl.toSeconds(),
                    TimeUnit.SECONDS);
            LOG.info("Streaming server listening url={}", base);
            return new Listening(accept, io, pool, listener, base);
        }

        void close() {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            shutdown(accept, io, pool);
        }

        private static void shutdown(EventLoopGroup accept, EventLoopGroup io, ThreadPoolExecutor pool) {
            accept.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            pool.shutdownNow();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The listener, started now if this is the first session. */
    private synchronized Listening listening() {
        if (closed) {
            throw new IllegalStateException("the streaming server is stopped");
        }
        if (listening == null) {
            try {
                listening = Listening.start(config, sessions, ttl);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the streaming server started", e);
            }
        }
        return listening;
    }

    /** Closes the listener and every connection, and stops the threads. */
    @Deactivate
    @Override
    public void close() {
        Listening stopping;
        synchronized (this) {
            closed = true;
            stopping = listening;
            listening = null;
        }
        if (stopping != null) {
            stopping.close();
        }
        sessions.clear();
    }

    /** The server's own address, e.g. {@code http://127.0.0.1:40123} (starting the listener). */
    String base() {
        return listening().base();
    }

    /** Sessions registered and not opened yet. */
    int pendingSessions() {
        return sessions.size();
    }

    @Override
    public URI exec(StreamOptions options, ExecHandler handler) {
        return register(new PendingSession(PendingSession.Kind.EXEC, Objects.requireNonNull(options),
                Objects.requireNonNull(handler), List.of(), null, deadline()));
    }

    @Override
    public URI attach(StreamOptions options, ExecHandler handler) {
        return register(new PendingSession(PendingSession.Kind.ATTACH, Objects.requireNonNull(options),
                Objects.requireNonNull(handler), List.of(), null, deadline()));
    }

    @Override
    public URI portForward(List<Integer> ports, PortForwardHandler handler) {
        for (int port : ports) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("invalid port " + port + " to forward");
            }
        }
        return register(new PendingSession(PendingSession.Kind.PORT_FORWARD,
                new StreamOptions(false, false, false, false), null, List.copyOf(ports),
                Objects.requireNonNull(handler), deadline()));
    }

    private long deadline() {
        return System.nanoTime() + ttl.toNanos();
    }

    private URI register(PendingSession session) {
        Listening l = listening();
        if (!l.listener().isActive()) {
            throw new IllegalStateException("the streaming server is stopped");
        }
        return URI.create(l.base() + "/" + session.kind().path + "/" + sessions.add(session));
    }

    /** Closes a connection that stayed silent both ways for the idle timeout. */
    private static final class CloseIdle extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }
    }
}
