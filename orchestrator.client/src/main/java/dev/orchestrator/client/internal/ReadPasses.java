package dev.orchestrator.client.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs the passes that read one in-memory connection one at a time: a signal while a pass runs makes it run once
 * more after it, so nothing the server wrote meanwhile is missed and no two threads read at once.
 */
final class ReadPasses {

    /** One pass: reads what there is; its failure goes to {@code failed}. */
    interface Pass {
        void run() throws Exception;
    }

    private final AtomicInteger signals = new AtomicInteger();
    private final Pass pass;
    private final Consumer<Throwable> failed;

    ReadPasses(Pass pass, Consumer<Throwable> failed) {
        this.pass = pass;
        this.failed = failed;
    }

    /** A pass on {@code executor}, unless one is running (which then goes round once more). */
    void signal(Executor executor) {
        if (signals.getAndIncrement() == 0) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                failed.accept(new java.io.IOException("the client is closed", e));
            }
        }
    }

    /** A pass on this thread, unless one is running (which then goes round once more). */
    void runHere() {
        if (signals.getAndIncrement() == 0) {
            drain();
        }
    }

    private void drain() {
        int seen = signals.get();
        while (true) {
            try {
                pass.run();
            } catch (Throwable t) {
                failed.accept(t);
            }
            int left = signals.addAndGet(-seen);
            if (left == 0) {
                return;
            }
            seen = left;
        }
    }
}
