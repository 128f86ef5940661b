package dev.orchestrator.streaming.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The one HTTP request of a streaming connection: {@code /<exec|attach|portforward>/<token>} asking to switch to
 * SPDY/3.1 or WebSocket. The token opens its session once; the protocol is the first the client offers that the
 * session's kind speaks. Then the connection's pipeline becomes that protocol's. Refusals are plain text, with
 * Kubernetes' codes: 400 no upgrade, 404 unknown or used token, 403 no protocol in common (kubectl falls back from
 * WebSocket to SPDY on any refusal).
 */
final class UpgradeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String SPDY_V4 = "v4.channel.k8s.io";
    static final String SPDY_V3 = "v3.channel.k8s.io";
    static final String SPDY_V2 = "v2.channel.k8s.io";
    static final String PORT_FORWARD = "portforward.k8s.io";
    static final String WS_V5 = "v5.channel.k8s.io";
    static final String WS_V4 = "v4.channel.k8s.io";
    private static final List<String> SPDY_EXEC = List.of(SPDY_V4, SPDY_V3, SPDY_V2);
    private static final List<String> WS_EXEC = List.of(WS_V5, WS_V4);
    private static final int MAX_WEBSOCKET_MESSAGE = 1 << 20;

    private final Sessions sessions;
    private final Executor pool;
    private final Duration creation;

    UpgradeHandler(Sessions sessions, Executor pool, Duration creation) {
        this.sessions = sessions;
        this.pool = pool;
        this.creation = creation;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String[] path = new QueryStringDecoder(request.uri()).path().split("/");
        if (path.length != 3 || !path[0].isEmpty()) {
            refuse(ctx, HttpResponseStatus.NOT_FOUND, "no such streaming session path: " + request.uri());
            return;
        }
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE, "").trim();
        boolean known = upgrade.equalsIgnoreCase("SPDY/3.1") || upgrade.equalsIgnoreCase("websocket");
        if (!known || !request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "Upgrade request required: streaming sessions switch to "
                    + "SPDY/3.1 or WebSocket");
            return;
        }
        Optional<PendingSession> session = sessions.take(path[2]).filter(s -> s.kind().path.equals(path[1]));
        if (session.isEmpty()) {
            refuse(ctx, HttpResponseStatus.NOT_FOUND, "streaming session not found or expired (a session URL "
                    + "opens once, within a minute of being made)");
            return;
        }
        if (upgrade.equalsIgnoreCase("SPDY/3.1")) {
            spdy(ctx, request, session.get());
        } else {
            websocket(ctx, request, session.get());
        }
    }

    private void spdy(ChannelHandlerContext ctx, FullHttpRequest request, PendingSession session) {
        boolean forward = session.kind() == PendingSession.Kind.PORT_FORWARD;
        List<String> offered = values(request, "X-Stream-Protocol-Version");
        List<String> spoken = forward ? List.of(PORT_FORWARD) : SPDY_EXEC;
        Optional<String> chosen = offered.stream().filter(spoken::contains).findFirst();
        if (chosen.isEmpty()) {
            refuse(ctx, HttpResponseStatus.FORBIDDEN, "unable to upgrade: unable to negotiate protocol: client "
                    + "supports " + offered + ", server supports " + spoken);
            return;
        }
        HttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SWITCHING_PROTOCOLS, Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.UPGRADE, "SPDY/3.1").set("X-Stream-Protocol-Version", chosen.get());
        ctx.writeAndFlush(response);
        SpdyConnection.Session logic = forward
                ? new SpdyPortForwardSession(ctx.channel(), session, pool, creation)
                : new SpdyExecSession(ctx.channel(), session, chosen.get(), pool, creation);
        var pipeline = ctx.pipeline();
        pipeline.addAfter(ctx.name(), "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        pipeline.addAfter("spdy", "session", new SpdyConnection(logic));
        pipeline.remove("aggregator");
        pipeline.remove(this);
        pipeline.remove("http"); // bytes it holds (none: clients wait for the 101) go on to the SPDY codec
    }

    private void websocket(ChannelHandlerContext ctx, FullHttpRequest request, PendingSession session) {
        boolean forward = session.kind() == PendingSession.Kind.PORT_FORWARD;
        List<String> offered = values(request, HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL.toString());
        List<String> spoken = forward ? List.of(WS_V4) : WS_EXEC;
        Optional<String> chosen = offered.stream().filter(spoken::contains).findFirst();
        // port-forward without a subprotocol is Kubernetes' binary channel protocol too
        if (chosen.isEmpty() && !(forward && offered.isEmpty())) {
            refuse(ctx, HttpResponseStatus.FORBIDDEN, "unable to upgrade: no WebSocket subprotocol in common: client "
                    + "offers " + offered + ", server speaks " + spoken);
            return;
        }
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory("ws://streaming" + request.uri(),
                chosen.orElse(null), false, MAX_WEBSOCKET_MESSAGE).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        WebSocketChannels channels = forward ? new WebSocketPortForwardSession(session, pool)
                : new WebSocketExecSession(session, chosen.get(), pool);
        var channel = ctx.channel();
        ctx.pipeline().remove(this);
        handshaker.handshake(channel, request).addListener(f -> {
            if (f.isSuccess()) {
                channel.pipeline().addLast("ws-aggregator", new WebSocketFrameAggregator(MAX_WEBSOCKET_MESSAGE));
                channel.pipeline().addLast("session", channels);
            } else {
                channel.close();
            }
        });
    }

    /** Every value of a header, comma-separated lists split. */
    private static List<String> values(FullHttpRequest request, String name) {
        List<String> values = new ArrayList<>();
        for (String v : request.headers().getAll(name)) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return values;
    }

    private static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(message, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
