package dev.orchestrator.streaming.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * An exec or attach session over WebSocket: channel 0 stdin, 1 stdout, 2 stderr, 3 the outcome as a
 * {@code metav1.Status}, 4 terminal sizes; in {@code v5.channel.k8s.io} the client ends its stdin with a message
 * on channel 255 naming channel 0. As Kubernetes does, an empty message on the lowest output channel tells the
 * client the session is ready.
 */
final class WebSocketExecSession extends WebSocketChannels {

    private static final int STDIN = 0;
    private static final int STDOUT = 1;
    private static final int STDERR = 2;
    private static final int ERROR = 3;
    private static final int RESIZE = 4;
    private static final int CLOSE = 255;

    private final PendingSession session;
    private final boolean v5;
    private final Executor pool;
    private ResizeFeed resizes;
    private Optional<InboundPipe> stdin = Optional.empty();
    private ExecRun run;

    WebSocketExecSession(PendingSession session, String protocol, Executor pool) {
        this.session = session;
        this.v5 = protocol.equals(UpgradeHandler.WS_V5);
        this.pool = pool;
    }

    @Override
    protected void started() {
        var o = session.effectiveOptions();
        resizes = new ResizeFeed(pool);
        stdin = o.stdin() ? Optional.of(new InboundPipe(limit)) : Optional.empty();
        write(o.stdout() ? STDOUT : o.stderr() ? STDERR : ERROR, new byte[0]);
        run = new ExecRun(session.exec(), stdin, o.stdout() ? Optional.of(output(STDOUT)) : Optional.empty(),
                o.stderr() ? Optional.of(output(STDERR)) : Optional.empty(), o.tty(), resizes, this::finish);
        if (!run.start(pool)) {
            channel.close();
        }
    }

    @Override
    protected void received(int number, byte[] data) {
        switch (number) {
            case STDIN -> stdin.ifPresent(in -> in.offer(data));
            case RESIZE -> resizes.decode(data);
            case CLOSE -> {
                if (v5 && data.length > 0 && data[0] == STDIN) {
                    stdin.ifPresent(InboundPipe::end);
                }
            }
            default -> { } // nothing else comes from a client
        }
    }

    private void finish(ExecOutcome outcome) {
        try {
            FrameOutput.await(write(ERROR, outcome.statusJson().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // the client is gone
        }
        close();
    }

    @Override
    protected void closed() {
        if (run != null) {
            run.cancel();
        }
    }
}
