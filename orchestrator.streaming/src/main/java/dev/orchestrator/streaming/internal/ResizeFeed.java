package dev.orchestrator.streaming.internal;

import dev.orchestrator.api.streaming.TerminalSize;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The terminal sizes a client sends (JSON objects {@code {"Width":80,"Height":24}}, one after the other), decoded on
 * the event loop and handed to the handler's listener on a thread of the pool, in order.
 */
final class ResizeFeed {

    private static final TerminalSize END = new TerminalSize(-1, -1);
    private static final Pattern WIDTH = Pattern.compile("\"Width\"\\s*:\\s*(\\d+)");
    private static final Pattern HEIGHT = Pattern.compile("\"Height\"\\s*:\\s*(\\d+)");
    private static final int MAX_PENDING_TEXT = 4096;

    private final BlockingQueue<TerminalSize> sizes = new LinkedBlockingQueue<>(1024);
    private final Executor pool;
    private final StringBuilder text = new StringBuilder();
    private boolean listening;

    ResizeFeed(Executor pool) {
        this.pool = pool;
    }

    /** Bytes of the resize stream; every complete object in them becomes a size. */
    synchronized void decode(byte[] data) {
        text.append(new String(data, StandardCharsets.UTF_8));
        for (int close = text.indexOf("}"); close >= 0; close = text.indexOf("}")) {
            String object = text.substring(0, close + 1);
            text.delete(0, close + 1);
            Matcher w = WIDTH.matcher(object);
            Matcher h = HEIGHT.matcher(object);
            if (w.find() && h.find()) {
                try {
                    sizes.offer(new TerminalSize(Integer.parseInt(w.group(1)), Integer.parseInt(h.group(1))));
                } catch (NumberFormatException e) {
                    // a size beyond int is no size
                }
            }
        }
        if (text.length() > MAX_PENDING_TEXT) {
            text.setLength(0); // not JSON objects: nothing to decode
        }
    }

    synchronized void onResize(Consumer<TerminalSize> listener) {
        if (listening) {
            throw new IllegalStateException("a resize listener is already registered");
        }
        listening = true;
        try {
            pool.execute(() -> deliver(listener));
        } catch (RejectedExecutionException e) {
            // no thread for resizes: the terminal keeps its size
        }
    }

    private void deliver(Consumer<TerminalSize> listener) {
        try {
            for (TerminalSize size = sizes.take(); size != END; size = sizes.take()) {
                listener.accept(size);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The session ended: the listener's thread is released. */
    void close() {
        sizes.clear();
        sizes.offer(END);
    }
}
