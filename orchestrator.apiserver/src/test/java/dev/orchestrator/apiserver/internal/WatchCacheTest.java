package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.store.ExpiredException;
import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import dev.orchestrator.store.embedded.internal.EmbeddedStore;
import dev.orchestrator.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatchCacheTest {

    private EmbeddedStore store;
    private Path dir;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("orch-watchcache");
        store = new EmbeddedStore(EmbeddedStore.Settings.defaults(dir));
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static final class Recorder implements WatchListener {
        final List<Long> revisions = new CopyOnWriteArrayList<>();

        @Override
        public void onEvents(List<WatchEvent> events) {
            events.forEach(e -> revisions.add(e.revision()));
        }

        @Override
        public void onClose(Optional<StoreException> error) {
        }
    }

    @Test
    void hundredWatchersShareOneStoreWatchAndEachSeesItsNamespace() throws Exception {
        try (WatchCache cache = new WatchCache(store, 100)) {
            long start = store.currentRevision();
            List<Recorder> all = new ArrayList<>();
            List<Recorder> nsA = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Recorder r = new Recorder();
                boolean inA = i % 2 == 0;
                cache.subscribe("/registry/configmaps/", inA ? "/registry/configmaps/a/" : "/registry/configmaps/", start, r);
                (inA ? nsA : all).add(r);
            }
            assertEquals(1, store.watchCount(), "one store watch for the resource");
            for (int i = 0; i < 10; i++) {
                store.create("/registry/configmaps/" + (i % 2 == 0 ? "a" : "b") + "/cm" + i, "{}".getBytes());
            }
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline
                    && (all.stream().anyMatch(r -> r.revisions.size() < 10) || nsA.stream().anyMatch(r -> r.revisions.size() < 5))) {
                Thread.sleep(20);
            }
            all.forEach(r -> assertEquals(10, r.revisions.size()));
            nsA.forEach(r -> assertEquals(5, r.revisions.size()));
        }
    }

    @Test
    void aLateWatcherReplaysFromTheWindowAndAnOlderOneFallsBackToTheStore() throws Exception {
        try (WatchCache cache = new WatchCache(store, 5)) {
            long start = store.currentRevision();
            Recorder first = new Recorder();
            cache.subscribe("/registry/pods/", "/registry/pods/", start, first); // starts the shared watch
            List<Long> written = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                written.add(store.create("/registry/pods/ns/p" + i, "{}".getBytes()).modRevision());
            }
            long passed = System.currentTimeMillis() + 10_000;
            while (first.revisions.size() < 20 && System.currentTimeMillis() < passed) {
                Thread.sleep(10); // until the shared watch has moved its window past the old events
            }
            assertEquals(written, first.revisions);
            Recorder recent = new Recorder();
            cache.subscribe("/registry/pods/", "/registry/pods/", written.get(17), recent);
            Recorder old = new Recorder();
            cache.subscribe("/registry/pods/", "/registry/pods/", written.get(2), old);
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && (recent.revisions.size() < 2 || old.revisions.size() < 17)) {
                Thread.sleep(20);
            }
            assertEquals(written.subList(18, 20), recent.revisions);
            assertEquals(written.subList(3, 20), old.revisions);
            assertTrue(store.watchCount() >= 2, "the old watcher needed its own store watch");
        }
    }

    @Test
    void theFirstWatcherFromAnEarlierRevisionStartsTheSharedWatchThereRatherThanAWatchOfItsOwn() throws Exception {
        // an informer lists, then watches from its list's revision; meanwhile other objects were written
        long listed = store.currentRevision();
        List<Long> written = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            written.add(store.create("/registry/leases/ns/l" + i, "{}".getBytes()).modRevision());
        }
        try (WatchCache cache = new WatchCache(store, 100)) {
            Recorder informer = new Recorder();
            cache.subscribe("/registry/leases/", "/registry/leases/", listed, informer);
            Recorder second = new Recorder();
            cache.subscribe("/registry/leases/", "/registry/leases/", listed, second);
            written.add(store.create("/registry/leases/ns/later", "{}".getBytes()).modRevision());
            Eventually.until("both watchers' events", 10,
                    () -> informer.revisions.size() >= 4 && second.revisions.size() >= 4);
            assertEquals(written, informer.revisions);
            assertEquals(written, second.revisions);
            assertEquals(1, store.watchCount(), "both share the one store watch");
        }
    }

    @Test
    void aFirstWatcherFromCompactedHistoryIsRefusedAndTheSharedWatchStartsNow() throws Exception {
        long old = store.create("/registry/leases/ns/a", "{}".getBytes()).modRevision();
        store.create("/registry/leases/ns/b", "{}".getBytes());
        store.compact(store.currentRevision());
        try (WatchCache cache = new WatchCache(store, 100)) {
            assertThrows(ExpiredException.class,
                    () -> cache.subscribe("/registry/leases/", "/registry/leases/", old, new Recorder()));
            Recorder now = new Recorder();
            cache.subscribe("/registry/leases/", "/registry/leases/", store.currentRevision(), now);
            long next = store.create("/registry/leases/ns/c", "{}".getBytes()).modRevision();
            Eventually.until("the event after the refusal", 10, () -> !now.revisions.isEmpty());
            assertEquals(List.of(next), now.revisions);
            assertEquals(1, store.watchCount());
        }
    }

    @Test
    void aTriggeredWatcherIsHandedOnlyTheEventsOfObjectsWithItsValueBeforeOrAfter() throws Exception {
        ResourceType pods = new ResourceRegistry().find("", "v1", "pods").orElseThrow();
        try (WatchCache cache = new WatchCache(store, 100)) {
            long start = store.currentRevision();
            Recorder onA = new Recorder();
            Recorder onB = new Recorder();
            Recorder unscheduled = new Recorder();
            Recorder everything = new Recorder();
            cache.subscribe("/registry/pods/", "/registry/pods/", trigger("spec.nodeName=a", pods), start, onA);
            cache.subscribe("/registry/pods/", "/registry/pods/", trigger("spec.nodeName=b", pods), start, onB);
            cache.subscribe("/registry/pods/", "/registry/pods/", trigger("spec.nodeName=", pods), start, unscheduled);
            cache.subscribe("/registry/pods/", "/registry/pods/", start, everything);
            long created = store.create("/registry/pods/ns/p", pod(null)).modRevision();
            long bound = store.update("/registry/pods/ns/p", pod("a"), created).modRevision();
            long moved = store.update("/registry/pods/ns/p", pod("b"), bound).modRevision();
            long other = store.create("/registry/pods/ns/q", pod("b")).modRevision();
            long deleted = store.delete("/registry/pods/ns/p", moved).revision();
            // One last pod per watcher: the feed hands events on in revision order, so once each watcher has its
            // own, it has had every earlier event meant for it, and any that was not.
            long lastOnA = store.create("/registry/pods/ns/la", pod("a")).modRevision();
            long lastOnB = store.create("/registry/pods/ns/lb", pod("b")).modRevision();
            long lastUnscheduled = store.create("/registry/pods/ns/lu", pod(null)).modRevision();
            Eventually.until("each watcher's last event", 10, () -> everything.revisions.contains(lastUnscheduled)
                    && onA.revisions.contains(lastOnA) && onB.revisions.contains(lastOnB)
                    && unscheduled.revisions.contains(lastUnscheduled));
            everything.revisions.removeAll(List.of(lastOnA, lastOnB, lastUnscheduled));
            onA.revisions.remove(Long.valueOf(lastOnA));
            onB.revisions.remove(Long.valueOf(lastOnB));
            unscheduled.revisions.remove(Long.valueOf(lastUnscheduled));
            assertEquals(List.of(created, bound, moved, other, deleted), everything.revisions);
            assertEquals(List.of(created, bound), unscheduled.revisions, "created unscheduled, then left by its binding");
            assertEquals(List.of(bound, moved), onA.revisions, "arrived on a, then left it");
            assertEquals(List.of(moved, other, deleted), onB.revisions);
        }
    }

    @Test
    void aWatcherThatLeavesTakesItsTriggerValueWithIt() throws Exception {
        ResourceType pods = new ResourceRegistry().find("", "v1", "pods").orElseThrow();
        try (WatchCache cache = new WatchCache(store, 100)) {
            long start = store.currentRevision();
            Recorder gone = new Recorder();
            Recorder staying = new Recorder();
            WatchCache.Subscription s = cache.subscribe("/registry/pods/", "/registry/pods/",
                    trigger("spec.nodeName=a", pods), start, gone);
            cache.subscribe("/registry/pods/", "/registry/pods/", trigger("spec.nodeName=a", pods), start, staying);
            s.close();
            long created = store.create("/registry/pods/ns/p", pod("a")).modRevision();
            Eventually.until("the staying watcher's event", 10, () -> !staying.revisions.isEmpty());
            assertEquals(List.of(created), staying.revisions);
            assertEquals(List.of(), gone.revisions);
        }
    }

    @Test
    void aWatcherIsCurrentToTheFeedsLastEventEvenWhenNoneWasForIt() throws Exception {
        ResourceType pods = new ResourceRegistry().find("", "v1", "pods").orElseThrow();
        try (WatchCache cache = new WatchCache(store, 100)) {
            long start = store.currentRevision();
            Recorder onA = new Recorder();
            Recorder otherNamespace = new Recorder();
            WatchCache.Subscription kubelet = cache.subscribe("/registry/pods/", "/registry/pods/",
                    trigger("spec.nodeName=a", pods), start, onA);
            WatchCache.Subscription namespaced = cache.subscribe("/registry/pods/", "/registry/pods/other/", start,
                    otherNamespace);
            Recorder everything = new Recorder();
            cache.subscribe("/registry/pods/", "/registry/pods/", start, everything);
            long last = 0;
            for (int i = 0; i < 5; i++) {
                last = store.create("/registry/pods/ns/p" + i, pod("b")).modRevision();
            }
            long expected = last;
            Eventually.until("the feed's last event", 10, () -> everything.revisions.contains(expected));
            Eventually.until("the feed's progress", 10, () -> kubelet.progress() == expected);
            assertEquals(expected, namespaced.progress());
            assertEquals(List.of(), onA.revisions, "no pod was on node a");
            assertEquals(List.of(), otherNamespace.revisions);
        }
    }

    private static FieldSelector.Trigger trigger(String selector, ResourceType type) {
        return FieldSelector.parse(selector, type).trigger().orElseThrow();
    }

    private static byte[] pod(String node) {
        String spec = node == null ? "{}" : "{\"nodeName\":\"" + node + "\"}";
        return ("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\"},"
                + "\"spec\":" + spec + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
