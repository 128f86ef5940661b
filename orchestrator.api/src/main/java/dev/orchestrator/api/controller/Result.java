package dev.orchestrator.api.controller;

import java.time.Duration;
import java.util.Objects;

/**
 * What the runtime does with a key after {@link Reconciler#reconcile} returned. Build it with the
 * static factories.
 *
 * @param action what happens next
 * @param requeueAfter the delay of {@link Action#REQUEUE_AFTER} (positive); {@link Duration#ZERO} otherwise
 * @param reason why a retry or terminal error happened (for logs and metrics); empty otherwise
 */
public record Result(Action action, Duration requeueAfter, String reason) {

    /** What the runtime does with the key. */
    public enum Action {
        /** The object is where it should be: forget the key's back-off until the next event. */
        DONE,
        /** Reconcile again after {@code requeueAfter} (time-based work, e.g. minReadySeconds); resets the back-off. */
        REQUEUE_AFTER,
        /** Something transient failed: reconcile again after the key's exponential back-off. */
        RETRY,
        /** Retrying cannot help (the object is invalid): log, count and wait for the next event. */
        TERMINAL
    }

    private static final Result DONE = new Result(Action.DONE, Duration.ZERO, "");

    public Result {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(requeueAfter, "requeueAfter");
        reason = reason == null ? "" : reason;
        if (action == Action.REQUEUE_AFTER ? requeueAfter.isNegative() || requeueAfter.isZero() : !requeueAfter.isZero()) {
            throw new IllegalArgumentException("requeueAfter must be positive for REQUEUE_AFTER and zero otherwise: "
                    + action + " " + requeueAfter);
        }
    }

    public static Result done() {
        return DONE;
    }

    /** @throws IllegalArgumentException when {@code delay} is not positive */
    public static Result requeueAfter(Duration delay) {
        return new Result(Action.REQUEUE_AFTER, delay, "");
    }

    public static Result retry(String reason) {
        return new Result(Action.RETRY, Duration.ZERO, reason);
    }

    public static Result terminal(String reason) {
        return new Result(Action.TERMINAL, Duration.ZERO, reason);
    }
}
