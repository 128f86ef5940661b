package dev.orchestrator.e2e;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Waits for a condition on what a probe observes, with a deadline, instead of sleeping a fixed time. */
final class Eventually {

    /** Observes the system once. */
    interface Probe<T> {
        T observe() throws Exception;
    }

    private Eventually() {
    }

    /**
     * @return the first observation that satisfies {@code done}
     * @throws AssertionError naming {@code what} and the last observation when the deadline passes
     */
    static <T> T until(String what, int seconds, Probe<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            T seen = probe.observe();
            if (done.test(seen)) {
                return seen;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not reached within " + seconds + " s; last seen:\n" + seen);
            }
            Thread.sleep(100);
        }
    }
}
