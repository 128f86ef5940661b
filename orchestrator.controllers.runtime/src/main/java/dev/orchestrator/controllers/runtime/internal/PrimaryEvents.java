package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.api.controller.Request;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

/**
 * Events of primary objects: each enqueues the object's key (never the object: reconciles read
 * the cache). A deleted primary's expectations are forgotten.
 */
final class PrimaryEvents<P extends HasMetadata> implements ResourceEventHandler<P> {

    private final WorkQueue queue;
    private final TimedExpectations expectations;

    PrimaryEvents(WorkQueue queue, TimedExpectations expectations) {
        this.queue = queue;
        this.expectations = expectations;
    }

    @Override
    public void onAdd(P object) {
        queue.add(Request.of(object));
    }

    @Override
    public void onUpdate(P old, P object) {
        queue.add(Request.of(object));
    }

    @Override
    public void onDelete(P object, boolean finalStateUnknown) {
        Request key = Request.of(object);
        expectations.forget(key);
        queue.add(key);
    }
}
