package dev.orchestrator.api.controller;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the runtime hands one {@link Reconciler#reconcile} call: the caches of the declared kinds,
 * an event recorder, the controller's expectations and the cancellation signal. Valid for the
 * duration of the call.
 */
@ProviderType
public interface Context extends Caches {

    /**
     * True once the controller is stopping (its service left, leadership was lost, the runtime is
     * deactivated): finish or abandon the work, starting nothing new. A call that is still running
     * after the runtime's grace period is abandoned; its result is ignored.
     */
    boolean cancelled();

    /** Records Kubernetes events about objects, aggregated so that a hot loop does not flood the API. */
    Events events();

    /**
     * The controller's expectations of creations and deletions per primary. They belong to the
     * runtime, not to the reconciler instance, so an updated reconciler bundle sees what the
     * previous version still expected.
     */
    Expectations expectations();
}
