package dev.orchestrator.store.support;

import dev.orchestrator.api.store.Deletion;
import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.ListRequest;
import dev.orchestrator.api.store.ListResult;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.Watch;
import dev.orchestrator.api.store.WatchListener;
import java.util.Optional;

/**
 * A {@link Store} passing every call to another one. The DS components extend it to offer
 * a store they construct (and close) as the service, while the store classes themselves
 * stay plain objects that tests and benchmarks build without a framework.
 */
public abstract class ForwardingStore implements Store {

    protected abstract Store delegate();

    @Override
    public long currentRevision() {
        return delegate().currentRevision();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return delegate().get(key);
    }

    @Override
    public ListResult list(ListRequest request) {
        return delegate().list(request);
    }

    @Override
    public KeyValue create(String key, byte[] value) {
        return delegate().create(key, value);
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedRevision) {
        return delegate().update(key, value, expectedRevision);
    }

    @Override
    public Deletion delete(String key, long expectedRevision) {
        return delegate().delete(key, expectedRevision);
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        return delegate().watch(prefix, afterRevision, listener);
    }

    @Override
    public void compact(long revision) {
        delegate().compact(revision);
    }
}
