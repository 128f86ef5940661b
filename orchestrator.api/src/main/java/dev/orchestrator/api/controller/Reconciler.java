package dev.orchestrator.api.controller;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Drives one kind of object towards its desired state. The controller runtime calls
 * {@link #reconcile} with the key of an object whenever it or something it owns changed;
 * the implementation reads the current state (never trusting the event) and acts.
 * Calls must be idempotent; throwing asks for a retry with back-off.
 */
@ConsumerType
public interface Reconciler {

    /** Service property naming the resource this reconciler owns, e.g. {@code apps/v1/replicasets}. */
    String RESOURCE = "orchestrator.reconciler.resource";

    /**
     * @param key {@code namespace/name}, or {@code name} for cluster-scoped objects
     * @return what the runtime should do next with this key
     */
    Result reconcile(String key) throws Exception;

    /** What happens to a key after a successful reconcile. */
    record Result(long requeueAfterMillis) {
        public static Result done() {
            return new Result(0);
        }

        public static Result requeueAfter(long millis) {
            return new Result(millis);
        }
    }
}
