package dev.orchestrator.streaming.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A port-forward session over WebSocket (one connection per port of the session): port {@code i}'s data goes on
 * channel {@code 2i} both ways, its errors on {@code 2i+1}; the first message the server sends on each of them is
 * the port (two bytes, little-endian). The session ends when every port's connection has.
 */
final class WebSocketPortForwardSession extends WebSocketChannels {

    private final PendingSession session;
    private final PortForwardRun run;
    private final List<InboundPipe> inputs = new ArrayList<>();

    WebSocketPortForwardSession(PendingSession session, Executor pool) {
        this.session = session;
        this.run = new PortForwardRun(session.forward(), pool);
    }

    @Override
    protected void started() {
        List<Integer> ports = session.ports();
        AtomicInteger open = new AtomicInteger(ports.size());
        for (int i = 0; i < ports.size(); i++) {
            int port = ports.get(i);
            byte[] prefix = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) port).array();
            write(2 * i, prefix);
            write(2 * i + 1, prefix);
            InboundPipe in = new InboundPipe(limit);
            inputs.add(in);
            if (!run.forward(port, in, output(2 * i), output(2 * i + 1), () -> {
                if (open.decrementAndGet() == 0) {
                    close();
                }
            })) {
                channel.close();
                return;
            }
        }
        if (ports.isEmpty()) {
            close();
        }
    }

    @Override
    protected void received(int number, byte[] data) {
        if (number % 2 == 0 && number / 2 < inputs.size()) {
            inputs.get(number / 2).offer(data);
        }
    }

    @Override
    protected void closed() {
        inputs.forEach(InboundPipe::end);
        run.cancel();
    }
}
