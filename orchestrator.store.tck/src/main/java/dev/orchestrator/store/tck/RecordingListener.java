package dev.orchestrator.store.tck;

import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A watch listener that records what it receives, for assertions. */
public final class RecordingListener implements WatchListener {

    private final LinkedBlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Optional<StoreException>> closed = new CompletableFuture<>();
    private volatile int calls;

    @Override
    public void onEvents(List<WatchEvent> batch) {
        if (batch.isEmpty()) {
            throw new AssertionError("store delivered an empty batch");
        }
        calls++;
        events.addAll(batch);
    }

    @Override
    public void onClose(Optional<StoreException> error) {
        if (!closed.complete(error)) {
            throw new AssertionError("onClose called twice");
        }
    }

    /** Waits until {@code count} events arrived (or the timeout passed) and returns them. */
    public List<WatchEvent> await(int count, Duration timeout) throws InterruptedException {
        List<WatchEvent> got = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (got.size() < count) {
            WatchEvent e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                break;
            }
            got.add(e);
        }
        return got;
    }

    /** Events that arrive within {@code quiet} after the ones already taken. */
    public List<WatchEvent> drainFor(Duration quiet) throws InterruptedException {
        return await(Integer.MAX_VALUE, quiet);
    }

    public CompletableFuture<Optional<StoreException>> closed() {
        return closed;
    }

    public int calls() {
        return calls;
    }
}
