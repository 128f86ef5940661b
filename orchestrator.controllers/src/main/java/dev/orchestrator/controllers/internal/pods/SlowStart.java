package dev.orchestrator.controllers.internal.pods;

import java.util.function.IntUnaryOperator;

/**
 * Kubernetes' slow start: do {@code count} calls in batches of 1, 2, 4, … (from an initial size),
 * and stop after the first batch with a failure. A ReplicaSet whose pods are all refused makes one
 * failing call per attempt instead of hundreds.
 */
public final class SlowStart {

    private SlowStart() {
    }

    /**
     * @param batch does up to {@code n} calls and answers how many succeeded (it may stop at the first failure)
     * @return the calls that succeeded
     */
    public static int run(int count, int initialBatch, IntUnaryOperator batch) {
        int succeeded = 0;
        int size = Math.min(count, Math.max(1, initialBatch));
        while (size > 0) {
            int ok = batch.applyAsInt(size);
            succeeded += ok;
            if (ok < size) {
                break;
            }
            size = Math.min(2 * size, count - succeeded);
        }
        return succeeded;
    }
}
