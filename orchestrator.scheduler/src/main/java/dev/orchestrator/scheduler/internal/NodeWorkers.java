package dev.orchestrator.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Runs per-node work of a cycle (Filter, Score) in parallel: the index range is cut into chunks
 * that the calling thread and the pool's threads take in turn, until all are done or the work
 * asks to stop (enough feasible nodes found).
 */
final class NodeWorkers implements AutoCloseable {

    private static final int CHUNK = 32;
    /** Below this many items, handing work to other threads costs more than it saves. */
    private static final int PARALLEL_THRESHOLD = 1024;

    private final ExecutorService pool;
    private final int helpers;

    NodeWorkers(int parallelism, String name) {
        this.helpers = Math.max(0, parallelism - 1);
        AtomicInteger n = new AtomicInteger();
        this.pool = helpers == 0 ? null : Executors.newFixedThreadPool(helpers, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Calls {@code work} for every index in [0, count) (in no particular order) until it returns
     * false for one, which stops the taking of new chunks.
     */
    void forEach(int count, IntPredicate work) {
        forEach(count, count, work);
    }

    /**
     * @param expected how many items will probably be processed before {@code work} stops it
     *                 (decides whether other threads are worth waking)
     */
    void forEach(int count, int expected, IntPredicate work) {
        AtomicInteger nextChunk = new AtomicInteger();
        int chunks = (count + CHUNK - 1) / CHUNK;
        AtomicBoolean stop = new AtomicBoolean();
        Runnable worker = () -> {
            int c;
            while (!stop.get() && (c = nextChunk.getAndIncrement()) < chunks) {
                int end = Math.min(count, (c + 1) * CHUNK);
                for (int i = c * CHUNK; i < end; i++) {
                    if (!work.test(i)) {
                        stop.set(true);
                        break;
                    }
                }
            }
        };
        int extra = pool == null || expected < PARALLEL_THRESHOLD ? 0 : Math.max(0, Math.min(helpers, chunks - 1));
        List<Future<?>> futures = new ArrayList<>(extra);
        for (int i = 0; i < extra; i++) {
            futures.add(pool.submit(worker));
        }
        worker.run();
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for node workers", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a plugin failed: " + e.getCause(), e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
