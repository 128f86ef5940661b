package dev.orchestrator.testing;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Waits for a condition on what a probe observes, up to a deadline, instead of sleeping a fixed time: the one
 * wait helper of all test modules. It never asserts a speed: the deadline only bounds how long a test that is
 * going to fail takes to say so, with what it saw last.
 */
public final class Eventually {

    /** Observes the system once. */
    @FunctionalInterface
    public interface Probe<T> {
        T observe() throws Exception;
    }

    /** A condition checked once. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls quickly at first (unit tests), then every 100 ms (probes that start a kubectl each). */
    private static final long FIRST_POLL_MILLIS = 10;
    private static final long LAST_POLL_MILLIS = 100;

    private Eventually() {
    }

    /**
     * @return the first observation that satisfies {@code done}
     * @throws AssertionError naming {@code what} and the last observation when the deadline passes
     */
    public static <T> T until(String what, int seconds, Probe<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long pause = FIRST_POLL_MILLIS;
        while (true) {
            T seen = probe.observe();
            if (done.test(seen)) {
                return seen;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + " not reached within " + seconds + " s; last seen:\n" + seen);
            }
            Thread.sleep(pause);
            pause = Math.min(LAST_POLL_MILLIS, pause * 2);
        }
    }

    /** @throws AssertionError naming {@code what} when the condition does not hold within the deadline */
    public static void until(String what, int seconds, Condition condition) throws Exception {
        until(what, seconds, condition::holds, Boolean::booleanValue);
    }
}
