package dev.orchestrator.streaming.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import java.util.Map;

/**
 * One stream a client opened on a SPDY connection: its headers, what the client sends on it ({@link #in}) and an
 * output to the client ({@link #out}) whose close half-closes the stream (an empty DATA frame with FIN).
 */
final class SpdyStream {

    private final Channel channel;
    private final int id;
    private final Map<String, String> headers;
    private final InboundPipe in;
    private final FrameOutput out;
    private java.util.function.Consumer<byte[]> divert;

    SpdyStream(Channel channel, int id, Map<String, String> headers, InboundPipe in) {
        this.channel = channel;
        this.id = id;
        this.headers = headers;
        this.in = in;
        this.out = new FrameOutput(bytes -> channel.writeAndFlush(new DefaultSpdyDataFrame(id,
                Unpooled.wrappedBuffer(bytes))), () -> {
                    DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(id);
                    fin.setLast(true);
                    return channel.writeAndFlush(fin);
                });
    }

    int id() {
        return id;
    }

    /** A header of the stream (names in lower case), empty when absent. */
    String header(String name) {
        return headers.getOrDefault(name, "");
    }

    /** What the client sends from now on goes to {@code sink} (on the event loop) instead of {@link #in}. */
    void divert(java.util.function.Consumer<byte[]> sink) {
        this.divert = sink;
    }

    /** Bytes the client sent on the stream (called on the event loop). */
    void received(byte[] bytes) {
        if (divert != null) {
            divert.accept(bytes);
        } else {
            in.offer(bytes);
        }
    }

    InboundPipe in() {
        return in;
    }

    FrameOutput out() {
        return out;
    }

    /** Ends the stream abruptly (RST_STREAM), e.g. one the session has no use for. */
    void reset() {
        in.close();
        channel.writeAndFlush(new DefaultSpdyRstStreamFrame(id, SpdyStreamStatus.REFUSED_STREAM));
    }
}
