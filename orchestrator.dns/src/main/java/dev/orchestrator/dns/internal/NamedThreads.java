package dev.orchestrator.dns.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Bounded pools of named daemon threads for the DNS server; each pool belongs to one server instance. */
final class NamedThreads {

    private NamedThreads() {
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Up to {@code threads} threads (idle ones end after a minute) and a queue of {@code queued} tasks; past
     * that, {@code execute} throws {@link java.util.concurrent.RejectedExecutionException} and the caller answers
     * at once instead of piling up work.
     */
    static ThreadPoolExecutor bounded(String prefix, int threads, int queued) {
        BlockingQueue<Runnable> queue = queued <= 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queued);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, queue, named(prefix),
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
