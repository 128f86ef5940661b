package dev.orchestrator.streaming.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel protocols of Kubernetes over WebSocket ({@code v4.channel.k8s.io}, {@code v5.channel.k8s.io}): every
 * binary message starts with its channel number, the rest is that channel's data. Subclasses say what a channel's
 * data means; this class answers pings and the client's close, and writes channel messages. Runs on the event loop.
 */
abstract class WebSocketChannels extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketChannels.class);

    protected Channel channel;
    protected ReadLimit limit;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        limit = new ReadLimit(channel, 1 << 20);
        started();
    }

    /** The connection is upgraded and this handler in place. */
    protected abstract void started();

    /** A message of the client on {@code channel}. */
    protected abstract void received(int channel, byte[] data);

    /** The connection is gone. */
    protected abstract void closed();

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof BinaryWebSocketFrame) {
            ByteBuf content = frame.content();
            if (content.isReadable()) {
                int number = content.readUnsignedByte();
                byte[] data = new byte[content.readableBytes()];
                content.readBytes(data);
                received(number, data);
            }
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
            ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(f -> ctx.close());
        }
        // text messages belong to the base64 protocols, which are not offered
    }

    /** Writes one message on {@code number}. Thread-safe. */
    protected ChannelFuture write(int number, byte[] data) {
        return channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) number}, data)));
    }

    /** An output whose bytes become messages on {@code number}; closing it sends nothing. */
    protected FrameOutput output(int number) {
        return new FrameOutput(data -> write(number, data), () -> null);
    }

    /** Ends the session: a normal close, then the connection's end. */
    protected void close() {
        channel.writeAndFlush(new CloseWebSocketFrame(1000, ""));
        Finish.connection(channel);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("WebSocket streaming connection failed remote={}", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
