package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.api.controller.Caches;
import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Events;
import dev.orchestrator.api.controller.Expectations;
import dev.orchestrator.api.controller.Lister;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.concurrent.atomic.AtomicBoolean;

/** The {@link Context} of one reconcile call: the controller's caches, events, expectations and stop flag. */
record CallContext(Caches caches, AtomicBoolean stopping, Events events, Expectations expectations) implements Context {

    @Override
    public boolean cancelled() {
        return stopping.get() || Thread.currentThread().isInterrupted();
    }

    @Override
    public <K extends HasMetadata> Lister<K> lister(Class<K> kind) {
        return caches.lister(kind);
    }
}
