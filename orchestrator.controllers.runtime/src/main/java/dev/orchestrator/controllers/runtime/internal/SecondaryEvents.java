package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Watches;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Events of a watched kind: enqueue the primary keys the declared mappings give (on an update, for
 * the old and the new object, so a primary that lost a child hears of it too). For owned kinds the
 * controller owner's expectations are lowered here, before the key is enqueued: an add is an
 * observed creation, a delete or a new deletion timestamp an observed deletion.
 */
final class SecondaryEvents<S extends HasMetadata, P extends HasMetadata> implements ResourceEventHandler<S> {

    private final Watches.Watch<S, P> watch;
    private final KeyMappings<P> mappings;
    private final WorkQueue queue;
    private final TimedExpectations expectations;
    private final boolean owned;

    SecondaryEvents(Watches.Watch<S, P> watch, KeyMappings<P> mappings, WorkQueue queue, TimedExpectations expectations) {
        this.watch = watch;
        this.mappings = mappings;
        this.queue = queue;
        this.expectations = expectations;
        this.owned = watch.mappings().stream().anyMatch(m -> m instanceof Watches.KeyMapping.ControllerOwner<S, P>);
    }

    @Override
    public void onAdd(S object) {
        if (owned) {
            mappings.controllerOwner(object).ifPresent(expectations::creationObserved);
        }
        enqueue(mappings.keys(watch, object));
    }

    @Override
    public void onUpdate(S old, S object) {
        if (owned && object.getMetadata().getDeletionTimestamp() != null
                && old.getMetadata().getDeletionTimestamp() == null) {
            deletionObserved(object);
        }
        Set<Request> keys = new LinkedHashSet<>(mappings.keys(watch, object));
        if (!java.util.Objects.equals(old.getMetadata().getResourceVersion(), object.getMetadata().getResourceVersion())) {
            keys.addAll(mappings.keys(watch, old));
        }
        enqueue(keys);
    }

    @Override
    public void onDelete(S object, boolean finalStateUnknown) {
        if (owned) {
            deletionObserved(object);
        }
        enqueue(mappings.keys(watch, object));
    }

    private void deletionObserved(S object) {
        String key = KeyMappings.objectKey(object);
        mappings.controllerOwner(object).ifPresent(owner -> expectations.deletionObserved(owner, key));
    }

    private void enqueue(Set<Request> keys) {
        keys.forEach(queue::add);
    }
}
