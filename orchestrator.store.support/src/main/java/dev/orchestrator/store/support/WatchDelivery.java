package dev.orchestrator.store.support;

import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.WatchListener;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The watch delivery threads of one store and the feeds they serve. Closing it ends every
 * open watch with a reason its listener sees, then stops the threads within a bounded time,
 * so a store bundle that stops leaves neither threads nor silent watchers behind.
 */
public final class WatchDelivery implements AutoCloseable {

    private final ExecutorService executor;
    private final int backlog;
    private final Set<WatchFeed> open = ConcurrentHashMap.newKeySet();
    private volatile StoreException closedReason;

    /**
     * @param threadPrefix names the delivery threads
     * @param threads      number of delivery threads
     * @param backlog      most undelivered events per watch before it is ended
     */
    public WatchDelivery(String threadPrefix, int threads, int backlog) {
        this.executor = Executors.newFixedThreadPool(threads, NamedThreads.factory(threadPrefix));
        this.backlog = backlog;
    }

    /**
     * A feed delivering on these threads. Call {@link WatchFeed#start()} once the producer
     * feeds it; {@code onEnd} runs once when it ends for any reason.
     */
    public WatchFeed newFeed(WatchListener listener, long afterRevision, Optional<WatchFeed.Replay> replay,
                             Runnable onEnd) {
        WatchFeed[] self = new WatchFeed[1];
        self[0] = new WatchFeed(listener, executor, afterRevision, backlog, replay, () -> {
            open.remove(self[0]);
            onEnd.run();
        });
        open.add(self[0]);
        if (closedReason != null) {
            self[0].fail(closedReason);
        }
        return self[0];
    }

    /** @return the number of watches not yet ended */
    public int openCount() {
        return open.size();
    }

    /** Ends every open watch with {@code reason}, then stops the delivery threads. */
    public void close(StoreException reason) {
        closedReason = reason;
        for (WatchFeed feed : open) {
            feed.fail(reason);
        }
        close();
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
