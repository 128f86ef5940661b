package dev.orchestrator.streaming.internal;

import io.netty.channel.Channel;

/**
 * Stops reading from a connection while more than {@code high} bytes it brought wait to be read by handlers, and
 * reads again below a quarter of it: a client that sends faster than the process reads is slowed down by TCP
 * instead of filling memory.
 */
final class ReadLimit {

    private final Channel channel;
    private final long high;
    private long waiting;

    ReadLimit(Channel channel, long high) {
        this.channel = channel;
        this.high = high;
    }

    synchronized void add(long bytes) {
        waiting += bytes;
        if (waiting > high && channel.config().isAutoRead()) {
            channel.config().setAutoRead(false);
        }
    }

    synchronized void remove(long bytes) {
        waiting = Math.max(0, waiting - bytes);
        if (waiting <= high / 4 && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }
}
