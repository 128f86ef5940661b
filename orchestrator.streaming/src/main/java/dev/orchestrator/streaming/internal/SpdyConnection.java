package dev.orchestrator.streaming.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of a SPDY/3.1 connection as Kubernetes' clients use it (moby/spdystream): the client opens every
 * stream; each gets a SYN_REPLY at once and is handed to the session ({@link Session#opened}); DATA goes to the
 * stream's pipe, FIN and RST_STREAM end it; PINGs are answered. Like spdystream, no flow control: WINDOW_UPDATE and
 * SETTINGS are ignored and none are sent. Frames (and their zlib-compressed header blocks) are Netty's
 * {@code SpdyFrameCodec}'s. Runs on the connection's event loop.
 */
final class SpdyConnection extends SimpleChannelInboundHandler<SpdyFrame> {

    /** What a session does with the streams of its connection. */
    interface Session {
        /** A stream was opened (and answered). */
        void opened(SpdyStream stream);

        /** The connection is gone. */
        void closed();
    }

    private static final Logger LOG = LoggerFactory.getLogger(SpdyConnection.class);

    private final Map<Integer, SpdyStream> streams = new HashMap<>();
    private final Session session;
    private ReadLimit limit;

    SpdyConnection(Session session) {
        this.session = session;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        limit = new ReadLimit(ctx.channel(), 1 << 20);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SpdyFrame frame) {
        if (frame instanceof SpdySynStreamFrame syn) {
            Map<String, String> headers = new HashMap<>();
            syn.headers().forEach(h -> headers.put(h.getKey().toString().toLowerCase(Locale.ROOT),
                    h.getValue().toString()));
            SpdyStream stream = new SpdyStream(ctx.channel(), syn.streamId(), headers, new InboundPipe(limit));
            streams.put(syn.streamId(), stream);
            // Netty leaves out the header block of a reply without headers, which Go's framer (kubectl's) cannot
            // read: the reply names the stream's type (clients ignore reply headers)
            DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(syn.streamId());
            reply.headers().set("streamtype", headers.getOrDefault("streamtype", "unknown"));
            ctx.writeAndFlush(reply);
            if (syn.isLast()) {
                stream.in().end();
            }
            session.opened(stream);
        } else if (frame instanceof SpdyDataFrame data) {
            SpdyStream stream = streams.get(data.streamId());
            if (stream == null) {
                return;
            }
            if (data.content().isReadable()) {
                byte[] bytes = new byte[data.content().readableBytes()];
                data.content().readBytes(bytes);
                stream.received(bytes);
            }
            if (data.isLast()) {
                stream.in().end();
            }
        } else if (frame instanceof SpdyRstStreamFrame rst) {
            SpdyStream stream = streams.remove(rst.streamId());
            if (stream != null) {
                stream.in().end();
            }
        } else if (frame instanceof SpdyPingFrame ping && (ping.id() & 1) == 1) {
            ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        streams.values().forEach(s -> s.in().end());
        session.closed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("SPDY streaming connection failed remote={}", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
