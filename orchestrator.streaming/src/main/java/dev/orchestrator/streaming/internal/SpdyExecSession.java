package dev.orchestrator.streaming.internal;

import io.netty.channel.Channel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An exec or attach session over SPDY/3.1 ({@code v4.channel.k8s.io}, {@code v3}, {@code v2}): the client opens one
 * stream per {@code streamType} header ({@code error}, and {@code stdin}, {@code stdout}, {@code stderr} as
 * requested, {@code resize} with a terminal from v3 on); once all are there the handler runs. Its outcome goes on
 * the error stream, as a {@code metav1.Status} (v4) or a message (v2, v3: nothing on success).
 */
final class SpdyExecSession implements SpdyConnection.Session {

    private final Channel channel;
    private final PendingSession session;
    private final String protocol;
    private final Executor pool;
    private final Set<String> expected = new LinkedHashSet<>();
    private final Map<String, SpdyStream> streams = new HashMap<>();
    private final ResizeFeed resizes;
    private final ScheduledFuture<?> deadline;
    private ExecRun run;

    SpdyExecSession(Channel channel, PendingSession session, String protocol, Executor pool, Duration creation) {
        this.channel = channel;
        this.session = session;
        this.protocol = protocol;
        this.pool = pool;
        this.resizes = new ResizeFeed(pool);
        var o = session.effectiveOptions();
        expected.add("error");
        if (o.stdin()) {
            expected.add("stdin");
        }
        if (o.stdout()) {
            expected.add("stdout");
        }
        if (o.stderr()) {
            expected.add("stderr");
        }
        if (o.tty() && !protocol.equals(UpgradeHandler.SPDY_V2)) {
            expected.add("resize");
        }
        // a client that does not open its streams in time gets the connection closed
        this.deadline = channel.eventLoop().schedule(() -> {
            if (run == null) {
                channel.close();
            }
        }, creation.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void opened(SpdyStream stream) {
        String type = stream.header("streamtype");
        if (run != null || !expected.contains(type) || streams.containsKey(type)) {
            stream.reset();
            return;
        }
        streams.put(type, stream);
        if (type.equals("resize")) {
            stream.divert(resizes::decode);
        }
        if (streams.size() == expected.size()) {
            deadline.cancel(false);
            run = new ExecRun(session.exec(), stream("stdin").map(SpdyStream::in),
                    stream("stdout").map(SpdyStream::out), stream("stderr").map(SpdyStream::out),
                    session.effectiveOptions().tty(), resizes, this::finish);
            if (!run.start(pool)) {
                channel.close();
            }
        }
    }

    private Optional<SpdyStream> stream(String type) {
        return Optional.ofNullable(streams.get(type));
    }

    /** Ends the output streams, writes the outcome on the error stream and ends the connection. */
    private void finish(ExecOutcome outcome) {
        try {
            for (String type : new String[] {"stdout", "stderr"}) {
                if (streams.containsKey(type)) {
                    streams.get(type).out().close();
                }
            }
            String text = protocol.equals(UpgradeHandler.SPDY_V4) ? outcome.statusJson() : outcome.text();
            SpdyStream error = streams.get("error");
            if (!text.isEmpty()) {
                error.out().write(text.getBytes(StandardCharsets.UTF_8));
            }
            error.out().close();
        } catch (IOException e) {
            // the client is gone: nothing to tell it
        }
        Finish.connection(channel);
    }

    @Override
    public void closed() {
        deadline.cancel(false);
        if (run != null) {
            run.cancel();
        } else {
            resizes.close();
        }
    }
}
