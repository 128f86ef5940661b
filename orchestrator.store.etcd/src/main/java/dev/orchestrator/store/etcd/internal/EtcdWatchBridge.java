package dev.orchestrator.store.etcd.internal;

import dev.orchestrator.api.store.StoreUnavailableException;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.store.support.WatchFeed;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Feeds the events of one etcd watch into a {@link WatchFeed}, translated to store events. */
final class EtcdWatchBridge implements Watch.Listener {

    private final EtcdErrors errors;
    private volatile WatchFeed feed;
    private volatile Watch.Watcher watcher;

    EtcdWatchBridge(EtcdErrors errors) {
        this.errors = errors;
    }

    void start(Watch client, ByteSequence key, WatchOption option, WatchFeed feed) {
        this.feed = feed;
        this.watcher = client.watch(key, option, this);
    }

    void cancel() {
        Watch.Watcher w = watcher;
        if (w != null) {
            w.close();
        }
    }

    @Override
    public void onNext(WatchResponse response) {
        List<WatchEvent> events = new ArrayList<>(response.getEvents().size());
        for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
            events.add(translate(e));
        }
        feed.offer(events);
    }

    @Override
    public void onError(Throwable failure) {
        feed.fail(errors.map(failure, "watch"));
    }

    @Override
    public void onCompleted() {
        feed.fail(new StoreUnavailableException("etcd ended the watch"));
    }

    private static WatchEvent translate(io.etcd.jetcd.watch.WatchEvent e) {
        io.etcd.jetcd.KeyValue kv = e.getKeyValue();
        String key = kv.getKey().toString();
        Optional<dev.orchestrator.api.store.KeyValue> previous = e.getPrevKV() == null || e.getPrevKV().getVersion() == 0
                ? Optional.empty() : Optional.of(EtcdStore.toKeyValue(e.getPrevKV()));
        if (e.getEventType() == io.etcd.jetcd.watch.WatchEvent.EventType.DELETE) {
            return new WatchEvent(WatchEvent.Type.DELETED, kv.getModRevision(), key, Optional.empty(), previous);
        }
        dev.orchestrator.api.store.KeyValue current = EtcdStore.toKeyValue(kv);
        WatchEvent.Type type = kv.getVersion() == 1 ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED;
        return new WatchEvent(type, kv.getModRevision(), key, Optional.of(current),
                type == WatchEvent.Type.ADDED ? Optional.empty() : previous);
    }
}
