package dev.orchestrator.streaming.internal;

import io.netty.channel.Channel;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.TimeUnit;

/** How the server ends a connection whose session is over. */
final class Finish {

    /** How long a client has, once the server is done, to close the connection itself. */
    private static final long GRACE_SECONDS = 10;

    private Finish() {
    }

    /**
     * Half-closes the connection once everything written is flushed (the client reads all of it; closing with its
     * unread input would reset the connection and could lose the end), and closes it if the client does not
     * within a grace period.
     */
    static void connection(Channel channel) {
        channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (channel instanceof SocketChannel socket && socket.isActive()) {
                socket.shutdownOutput();
            }
            channel.eventLoop().schedule(() -> channel.close(), GRACE_SECONDS, TimeUnit.SECONDS);
        });
    }
}
