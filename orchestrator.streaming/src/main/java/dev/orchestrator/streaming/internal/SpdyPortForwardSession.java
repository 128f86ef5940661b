package dev.orchestrator.streaming.internal;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A port-forward session over SPDY/3.1 ({@code portforward.k8s.io}): each forwarded connection is a pair of
 * streams the client opens with the same {@code requestID}, one {@code streamType: data} and one
 * {@code streamType: error}, both naming the {@code port}. A pair not complete in time is reset.
 */
final class SpdyPortForwardSession implements SpdyConnection.Session {

    private final Channel channel;
    private final PortForwardRun run;
    private final Duration creation;
    private final Map<String, SpdyStream[]> pairs = new HashMap<>();

    SpdyPortForwardSession(Channel channel, PendingSession session, java.util.concurrent.Executor pool,
                           Duration creation) {
        this.channel = channel;
        this.run = new PortForwardRun(session.forward(), pool);
        this.creation = creation;
    }

    @Override
    public void opened(SpdyStream stream) {
        String type = stream.header("streamtype");
        int slot = type.equals("data") ? 0 : type.equals("error") ? 1 : -1;
        String request = stream.header("requestid");
        SpdyStream[] pair = pairs.computeIfAbsent(request, r -> new SpdyStream[2]);
        if (slot < 0 || pair[slot] != null) {
            stream.reset();
            return;
        }
        pair[slot] = stream;
        if (pair[1 - slot] == null) {
            channel.eventLoop().schedule(() -> {
                if (pairs.remove(request, pair)) {
                    for (SpdyStream s : pair) {
                        if (s != null) {
                            s.reset();
                        }
                    }
                }
            }, creation.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        pairs.remove(request);
        SpdyStream data = pair[0];
        SpdyStream error = pair[1];
        int port;
        try {
            port = Integer.parseInt(data.header("port").trim());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            run.refuse("invalid port \"" + data.header("port") + "\"", data.out(), error.out());
            return;
        }
        if (!run.forward(port, data.in(), data.out(), error.out(), () -> { })) {
            data.reset();
            error.reset();
        }
    }

    @Override
    public void closed() {
        run.cancel();
    }
}
