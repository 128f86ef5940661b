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

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SecondaryEvents.class);

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
        enqueue(keys(object));
    }

    @Override
    public void onUpdate(S old, S object) {
        if (owned && object.getMetadata().getDeletionTimestamp() != null
                && old.getMetadata().getDeletionTimestamp() == null) {
            deletionObserved(object);
        }
        Set<Request> keys = new LinkedHashSet<>(keys(object));
        if (!java.util.Objects.equals(old.getMetadata().getResourceVersion(), object.getMetadata().getResourceVersion())) {
            keys.addAll(keys(old));
        }
        enqueue(keys);
    }

    @Override
    public void onDelete(S object, boolean finalStateUnknown) {
        if (owned) {
            deletionObserved(object);
        }
        enqueue(keys(object));
    }

    /**
     * The keys of an object; a mapping that throws (a reconciler's bug, an object it did not
     * expect) is logged and maps to nothing, so it cannot disturb the informer shared with others.
     */
    private Set<Request> keys(S object) {
        try {
            return mappings.keys(watch, object);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("an event could not be mapped to keys kind={} object={}/{} error={}", watch.kind().getSimpleName(),
                    object.getMetadata().getNamespace(), object.getMetadata().getName(), e.toString());
            return Set.of();
        }
    }

    private void deletionObserved(S object) {
        String key = KeyMappings.objectKey(object);
        mappings.controllerOwner(object).ifPresent(owner -> expectations.deletionObserved(owner, key));
    }

    private void enqueue(Set<Request> keys) {
        keys.forEach(queue::add);
    }
}
