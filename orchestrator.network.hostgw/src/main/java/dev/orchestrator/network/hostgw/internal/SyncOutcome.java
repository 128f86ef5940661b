package dev.orchestrator.network.hostgw.internal;

/**
 * What one sync did.
 *
 * @param routes wanted routes that are in place now
 * @param changed commands that succeeded
 * @param failed commands that failed (a failed read counts one); the loop retries with back-off while any do
 */
record SyncOutcome(int routes, int changed, int failed) {

    boolean clean() {
        return failed == 0;
    }
}
