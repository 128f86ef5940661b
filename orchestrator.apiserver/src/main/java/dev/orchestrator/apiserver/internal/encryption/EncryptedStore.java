package dev.orchestrator.apiserver.internal.encryption;

import dev.orchestrator.api.store.Deletion;
import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.ListRequest;
import dev.orchestrator.api.store.ListResult;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.Watch;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The store as the API server sees it when values are encrypted at rest: writes of the configured resources go to
 * the store encrypted by the first provider of their rule, and every read (get, list, the previous value of a
 * delete, watch events with their previous values, so also the watch cache) comes back plain. The store itself, its
 * files and its backups only ever hold the encrypted form. Keys, revisions and everything else pass through.
 *
 * <p>A value that cannot be read (its key is no longer configured) fails the call with
 * {@link UnreadableValueException} rather than being skipped: a list that left it out would tell informers the object
 * was deleted. A watch meeting one ends with that exception; its watchers start again with a list, which then fails
 * as loudly. Thread-safe as the store is.
 */
public final class EncryptedStore implements Store {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EncryptedStore.class);

    private final Store store;
    private final EncryptionConfiguration config;

    EncryptedStore(Store store, EncryptionConfiguration config) {
        this.store = store;
        this.config = config;
    }

    @Override
    public long currentRevision() {
        return store.currentRevision();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return store.get(key).map(this::plain);
    }

    @Override
    public ListResult list(ListRequest request) {
        ListResult page = store.list(request);
        List<KeyValue> items = new ArrayList<>(page.items().size());
        for (KeyValue kv : page.items()) {
            items.add(plain(kv));
        }
        return new ListResult(items, page.revision(), page.continueAfter());
    }

    @Override
    public KeyValue create(String key, byte[] value) {
        return withValue(store.create(key, stored(key, value)), value);
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedRevision) {
        return withValue(store.update(key, stored(key, value), expectedRevision), value);
    }

    /**
     * Deletes and returns the value as it was, plain. The API server reads an object before it deletes it, so an
     * unreadable value fails there, before anything changed; only a value another server wrote in between with a key
     * this one lacks could fail here, after the deletion (the exception says so).
     */
    @Override
    public Deletion delete(String key, long expectedRevision) {
        Deletion deletion = store.delete(key, expectedRevision);
        try {
            return new Deletion(plain(deletion.previous()), deletion.revision());
        } catch (UnreadableValueException e) {
            throw new UnreadableValueException(key + " was deleted at revision " + deletion.revision()
                    + ", but its last value cannot be shown: " + e.getMessage(), e);
        }
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        PlainEvents plain = new PlainEvents(listener);
        Watch watch = store.watch(prefix, afterRevision, plain);
        plain.attach(watch);
        return watch;
    }

    @Override
    public void compact(long revision) {
        store.compact(revision);
    }

    private byte[] stored(String key, byte[] value) {
        return config.providersFor(key).map(p -> p.toStorage(key, value)).orElse(value);
    }

    private KeyValue plain(KeyValue kv) {
        Optional<ProviderList> providers = config.providersFor(kv.key());
        if (providers.isPresent()) {
            return withValue(kv, providers.get().fromStorage(kv.key(), kv.value()));
        }
        if (!IdentityProvider.INSTANCE.reads(kv.value())) {
            // encrypted under a rule that is gone from the file: never serve the ciphertext as if it were the object
            throw new UnreadableValueException("the stored value of " + kv.key() + " " + ProviderList.writtenBy(kv.value())
                    + ", but the encryption configuration lists no providers for this resource any more; list the "
                    + "resource with that key (after identity, to decrypt on the next write) to read it");
        }
        return kv;
    }

    private static KeyValue withValue(KeyValue kv, byte[] value) {
        return value == kv.value() ? kv
                : new KeyValue(kv.key(), value, kv.createRevision(), kv.modRevision(), kv.version());
    }

    private WatchEvent plain(WatchEvent e) {
        return new WatchEvent(e.type(), e.revision(), e.key(), e.current().map(this::plain), e.previous().map(this::plain));
    }

    /** Hands a watch's events on with plain values; ends the watch at the first value it cannot read. */
    private final class PlainEvents implements WatchListener {
        private final WatchListener listener;
        private volatile Watch watch;
        private volatile boolean failed;

        PlainEvents(WatchListener listener) {
            this.listener = listener;
        }

        void attach(Watch watch) {
            this.watch = watch;
            if (failed) {
                watch.close();
            }
        }

        @Override
        public void onEvents(List<WatchEvent> events) {
            if (failed) {
                return;
            }
            List<WatchEvent> plainEvents = new ArrayList<>(events.size());
            try {
                for (WatchEvent e : events) {
                    plainEvents.add(plain(e));
                }
            } catch (UnreadableValueException e) {
                failed = true;
                LOG.error("ending a watch: {}", e.getMessage());
                if (!plainEvents.isEmpty()) {
                    listener.onEvents(plainEvents);
                }
                listener.onClose(Optional.of(e));
                Watch w = watch;
                if (w != null) {
                    w.close();
                }
                return;
            }
            listener.onEvents(plainEvents);
        }

        @Override
        public void onClose(Optional<dev.orchestrator.api.store.StoreException> error) {
            if (!failed) {
                listener.onClose(error);
            }
        }
    }
}
