package dev.orchestrator.store.tck;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.store.ConflictException;
import dev.orchestrator.api.store.Deletion;
import dev.orchestrator.api.store.ExpiredException;
import dev.orchestrator.api.store.FutureRevisionException;
import dev.orchestrator.api.store.InvalidKeyException;
import dev.orchestrator.api.store.InvalidValueException;
import dev.orchestrator.api.store.KeyExistsException;
import dev.orchestrator.api.store.KeyNotFoundException;
import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.ListRequest;
import dev.orchestrator.api.store.ListResult;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.Watch;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchEvent.Type;
import dev.orchestrator.api.store.WatchOverflowException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract every {@link Store} must meet. A store module subclasses this and says how
 * to open and close its store; the tests are the same for all. One store serves the whole
 * class; each test works under its own key prefix and only relies on revisions it saw.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreContractTest {

    /** Largest value the store under test is configured to accept. */
    protected static final int MAX_VALUE_BYTES = 3 * 1024 * 1024;
    /** Backlog after which the store under test must end a stuck watcher. */
    protected static final int WATCH_BACKLOG = 2_000;
    private static final Duration WAIT = Duration.ofSeconds(30);

    protected Store store;
    private String prefix;

    /** Opens the store under test with {@link #MAX_VALUE_BYTES} and {@link #WATCH_BACKLOG}. */
    protected abstract Store openStore() throws Exception;

    protected abstract void closeStore() throws Exception;

    @BeforeAll
    void open() throws Exception {
        store = openStore();
    }

    @AfterAll
    void close() throws Exception {
        closeStore();
    }

    @BeforeEach
    void newPrefix(TestInfo test) {
        prefix = "/t/" + test.getTestMethod().orElseThrow().getName() + "-" + UUID.randomUUID() + "/";
    }

    private String key(String name) {
        return prefix + name;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static String text(KeyValue kv) {
        return new String(kv.value(), UTF_8);
    }

    @Test
    void createGetUpdateDeleteKeepRevisionsAndVersions() {
        long before = store.currentRevision();
        KeyValue created = store.create(key("a"), bytes("one"));
        assertTrue(created.modRevision() > before, "create must raise the revision");
        assertEquals(created.modRevision(), created.createRevision());
        assertEquals(1, created.version());
        assertEquals(created.modRevision(), store.currentRevision());

        KeyValue read = store.get(key("a")).orElseThrow();
        assertEquals("one", text(read));
        assertEquals(created.modRevision(), read.modRevision());

        KeyValue updated = store.update(key("a"), bytes("two"), created.modRevision());
        assertTrue(updated.modRevision() > created.modRevision());
        assertEquals(created.createRevision(), updated.createRevision());
        assertEquals(2, updated.version());
        assertEquals("two", text(store.get(key("a")).orElseThrow()));

        Deletion deletion = store.delete(key("a"), updated.modRevision());
        assertTrue(deletion.revision() > updated.modRevision());
        assertEquals("two", text(deletion.previous()));
        assertEquals(updated.modRevision(), deletion.previous().modRevision());
        assertTrue(store.get(key("a")).isEmpty());

        KeyValue recreated = store.create(key("a"), bytes("three"));
        assertEquals(1, recreated.version(), "a re-created key starts a new life");
        assertEquals(recreated.modRevision(), recreated.createRevision());
    }

    @Test
    void failedWritesChangeNothing() {
        KeyValue kv = store.create(key("a"), bytes("v1"));
        long revision = store.currentRevision();
        assertThrows(KeyExistsException.class, () -> store.create(key("a"), bytes("v2")));
        assertThrows(KeyNotFoundException.class, () -> store.update(key("missing"), bytes("x"), Store.ANY_REVISION));
        assertThrows(KeyNotFoundException.class, () -> store.delete(key("missing"), Store.ANY_REVISION));
        ConflictException conflict = assertThrows(ConflictException.class,
                () -> store.update(key("a"), bytes("v3"), kv.modRevision() - 1));
        assertTrue(conflict.getMessage().contains(String.valueOf(kv.modRevision())), conflict.getMessage());
        assertThrows(ConflictException.class, () -> store.delete(key("a"), kv.modRevision() + 1000));
        assertEquals(revision, store.currentRevision(), "failed writes must not use revisions");
        assertEquals("v1", text(store.get(key("a")).orElseThrow()));
    }

    @Test
    void anyRevisionWritesUnconditionally() {
        store.create(key("a"), bytes("v1"));
        assertEquals("v2", text(store.update(key("a"), bytes("v2"), Store.ANY_REVISION)));
        assertEquals("v2", text(store.delete(key("a"), Store.ANY_REVISION).previous()));
    }

    @Test
    void concurrentCompareAndSwapIncrementsLoseNoUpdate() throws Exception {
        int threads = 8;
        int perThread = 40;
        store.create(key("counter"), bytes("0"));
        AtomicInteger conflicts = new AtomicInteger();
        runConcurrently(threads, t -> {
            for (int i = 0; i < perThread; i++) {
                while (true) {
                    KeyValue kv = store.get(key("counter")).orElseThrow();
                    int next = Integer.parseInt(text(kv)) + 1;
                    try {
                        store.update(key("counter"), bytes(Integer.toString(next)), kv.modRevision());
                        break;
                    } catch (ConflictException lost) {
                        conflicts.incrementAndGet();
                    }
                }
            }
        });
        KeyValue result = store.get(key("counter")).orElseThrow();
        assertEquals(threads * perThread, Integer.parseInt(text(result)));
        assertEquals(threads * perThread + 1, result.version());
    }

    @Test
    void pagesAtOneRevisionStayConsistentWhileWritesContinue() throws Exception {
        int count = 250;
        for (int i = 0; i < count; i++) {
            store.create(key(String.format("k%04d", i)), bytes("orig-" + i));
        }
        ListResult first = store.list(ListRequest.firstPage(prefix, 40));
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<?> writes = writer.submit(() -> {
            int i = 0;
            while (!stop.get()) {
                int n = i++ % count;
                String k = key(String.format("k%04d", n));
                if (n % 3 == 0) {
                    store.delete(k, Store.ANY_REVISION);
                    store.create(k, bytes("recreated"));
                } else {
                    store.update(k, bytes("changed"), Store.ANY_REVISION);
                }
                store.create(key(String.format("k%04d-new-%d", n, i)), bytes("new"));
            }
            return null;
        });
        try {
            List<KeyValue> all = new ArrayList<>(first.items());
            ListResult page = first;
            while (page.hasMore()) {
                Thread.sleep(5);
                page = store.list(ListRequest.firstPage(prefix, 40).next(page));
                assertEquals(first.revision(), page.revision());
                all.addAll(page.items());
            }
            assertEquals(count, all.size());
            for (int i = 0; i < count; i++) {
                assertEquals(key(String.format("k%04d", i)), all.get(i).key());
                assertEquals("orig-" + i, text(all.get(i)));
            }
        } finally {
            stop.set(true);
            writes.get(30, TimeUnit.SECONDS);
            writer.shutdown();
        }
        assertTrue(store.currentRevision() > first.revision(), "writes must have happened meanwhile");
    }

    @Test
    void listAtAnOlderRevisionShowsTheOldValues() {
        KeyValue a = store.create(key("a"), bytes("a1"));
        store.create(key("b"), bytes("b1"));
        long then = store.currentRevision();
        store.update(key("a"), bytes("a2"), a.modRevision());
        store.delete(key("b"), Store.ANY_REVISION);
        store.create(key("c"), bytes("c1"));

        ListResult old = store.list(new ListRequest(prefix, then, 0, Optional.empty()));
        assertEquals(List.of("a1", "b1"), old.items().stream().map(StoreContractTest::text).toList());
        ListResult now = store.list(ListRequest.all(prefix));
        assertEquals(List.of("a2", "c1"), now.items().stream().map(StoreContractTest::text).toList());
        assertFalse(now.hasMore());
    }

    @Test
    void limitReturnsOrderedPagesWithContinue() {
        for (String n : List.of("d", "b", "e", "a", "c")) {
            store.create(key(n), bytes(n));
        }
        store.create("/t/outside-" + UUID.randomUUID(), bytes("x"));
        ListResult page1 = store.list(ListRequest.firstPage(prefix, 2));
        assertEquals(List.of(key("a"), key("b")), page1.items().stream().map(KeyValue::key).toList());
        assertEquals(Optional.of(key("b")), page1.continueAfter());
        ListResult page2 = store.list(ListRequest.firstPage(prefix, 2).next(page1));
        assertEquals(List.of(key("c"), key("d")), page2.items().stream().map(KeyValue::key).toList());
        ListResult page3 = store.list(ListRequest.firstPage(prefix, 2).next(page2));
        assertEquals(List.of(key("e")), page3.items().stream().map(KeyValue::key).toList());
        assertFalse(page3.hasMore());
    }

    @Test
    void watchDeliversEveryConcurrentWriteInRevisionOrder() throws Exception {
        RecordingListener listener = new RecordingListener();
        int threads = 4;
        int perThread = 150;
        try (Watch watch = store.watch(prefix, store.currentRevision(), listener)) {
            runConcurrently(threads, t -> {
                for (int i = 0; i < perThread; i++) {
                    KeyValue kv = store.create(key("w" + t + "-" + i), bytes("v"));
                    if (i % 2 == 0) {
                        store.update(kv.key(), bytes("v2"), kv.modRevision());
                    }
                }
            });
            int expected = threads * perThread + threads * perThread / 2;
            List<WatchEvent> events = listener.await(expected, WAIT);
            assertEquals(expected, events.size());
            assertStrictlyIncreasing(events);
            Set<String> keys = new HashSet<>();
            for (WatchEvent e : events) {
                keys.add(e.key());
                if (e.type() == Type.MODIFIED) {
                    assertTrue(keys.contains(e.key()), "MODIFIED before ADDED for " + e.key());
                    assertEquals("v", text(e.previous().orElseThrow()));
                }
            }
            assertEquals(threads * perThread, keys.size());
            assertTrue(listener.drainFor(Duration.ofMillis(200)).isEmpty(), "no extra events");
        }
        assertEquals(Optional.empty(), listener.closed().get(10, TimeUnit.SECONDS));
    }

    @Test
    void watchFromAnOldRevisionReplaysHistoryThenLiveEvents() throws Exception {
        long start = store.currentRevision();
        KeyValue a = store.create(key("a"), bytes("a1"));
        store.update(key("a"), bytes("a2"), a.modRevision());
        store.delete(key("a"), Store.ANY_REVISION);
        store.create("/t/other-" + UUID.randomUUID(), bytes("not watched"));
        for (int i = 0; i < 100; i++) {
            store.create(key("h" + i), bytes("h"));
        }
        RecordingListener listener = new RecordingListener();
        try (Watch watch = store.watch(prefix, start, listener)) {
            for (int i = 0; i < 100; i++) {
                store.create(key("live" + i), bytes("l"));
            }
            List<WatchEvent> events = listener.await(203, WAIT);
            assertEquals(203, events.size());
            assertStrictlyIncreasing(events);
            assertEquals(Type.ADDED, events.get(0).type());
            assertEquals("a1", text(events.get(0).current().orElseThrow()));
            assertEquals(Type.MODIFIED, events.get(1).type());
            assertEquals("a2", text(events.get(1).current().orElseThrow()));
            assertEquals("a1", text(events.get(1).previous().orElseThrow()));
            assertEquals(Type.DELETED, events.get(2).type());
            assertTrue(events.get(2).current().isEmpty());
            assertEquals("a2", text(events.get(2).previous().orElseThrow()));
            assertEquals(key("live99"), events.get(202).key());
        }
    }

    @Test
    void closingAWatchStopsDelivery() throws Exception {
        RecordingListener listener = new RecordingListener();
        Watch watch = store.watch(prefix, store.currentRevision(), listener);
        store.create(key("a"), bytes("1"));
        assertEquals(1, listener.await(1, WAIT).size());
        watch.close();
        watch.close();
        assertEquals(Optional.empty(), listener.closed().get(10, TimeUnit.SECONDS));
        store.create(key("b"), bytes("2"));
        assertTrue(listener.drainFor(Duration.ofMillis(300)).isEmpty());
    }

    @Test
    void aWatcherThatCannotKeepUpIsEndedWithoutSlowingWriters() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener recorder = new RecordingListener();
        dev.orchestrator.api.store.WatchListener stuck = new dev.orchestrator.api.store.WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onClose(Optional<StoreException> error) {
                recorder.onClose(error);
            }
        };
        try (Watch watch = store.watch(prefix, store.currentRevision(), stuck)) {
            runConcurrently(8, t -> {
                for (int i = 0; i < (WATCH_BACKLOG * 2) / 8; i++) {
                    store.create(key("o" + t + "-" + i), bytes("x"));
                }
            });
            release.countDown();
            Optional<StoreException> reason = recorder.closed().get(30, TimeUnit.SECONDS);
            assertInstanceOf(WatchOverflowException.class, reason.orElseThrow());
        }
        assertEquals(WATCH_BACKLOG * 2 / 8 * 8, store.list(ListRequest.all(prefix)).items().size());
    }

    @Test
    void compactionExpiresOldRevisionsAndKeepsCurrentValues() throws Exception {
        KeyValue a = store.create(key("a"), bytes("a1"));
        long old = store.currentRevision();
        store.update(key("a"), bytes("a2"), a.modRevision());
        store.create(key("b"), bytes("b1"));
        store.delete(key("b"), Store.ANY_REVISION);
        store.create(key("c"), bytes("c1"));
        long compactTo = store.currentRevision();
        store.update(key("c"), bytes("c2"), Store.ANY_REVISION);

        store.compact(compactTo);
        store.compact(compactTo - 1); // compacting below an earlier compaction does nothing

        assertThrows(ExpiredException.class, () -> store.list(new ListRequest(prefix, old, 0, Optional.empty())));
        assertThrows(ExpiredException.class, () -> store.watch(prefix, old, new RecordingListener()));
        ListResult atCompacted = store.list(new ListRequest(prefix, compactTo, 0, Optional.empty()));
        assertEquals(List.of("a2", "c1"), atCompacted.items().stream().map(StoreContractTest::text).toList());
        assertEquals(List.of("a2", "c2"), store.list(ListRequest.all(prefix)).items().stream()
                .map(StoreContractTest::text).toList());
        RecordingListener listener = new RecordingListener();
        try (Watch watch = store.watch(prefix, compactTo, listener)) {
            List<WatchEvent> events = listener.await(1, WAIT);
            assertEquals("c2", text(events.get(0).current().orElseThrow()));
            assertEquals("c1", text(events.get(0).previous().orElseThrow()));
        }
        assertThrows(FutureRevisionException.class, () -> store.compact(store.currentRevision() + 10));
    }

    @Test
    void bigValuesRoundTripThroughWritesReadsAndWatch() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 / 2];
        new java.util.Random(42).nextBytes(big);
        RecordingListener listener = new RecordingListener();
        try (Watch watch = store.watch(prefix, store.currentRevision(), listener)) {
            store.create(key("big"), big);
            assertArrayEquals(big, store.get(key("big")).orElseThrow().value());
            assertArrayEquals(big, store.list(ListRequest.all(prefix)).items().get(0).value());
            assertArrayEquals(big, listener.await(1, WAIT).get(0).current().orElseThrow().value());
        }
        byte[] max = new byte[MAX_VALUE_BYTES];
        store.create(key("max"), max);
        assertEquals(MAX_VALUE_BYTES, store.get(key("max")).orElseThrow().value().length);
    }

    @Test
    void manyKeysAreListedCompletelyInPagesAndAtOnce() throws Exception {
        int count = manyKeysCount();
        int threads = 32;
        runConcurrently(threads, t -> {
            for (int i = t; i < count; i += threads) {
                store.create(key(String.format("n%06d", i)), bytes("v" + i));
            }
        });
        assertEquals(count, store.list(ListRequest.all(prefix)).items().size());
        int seen = 0;
        ListRequest request = ListRequest.firstPage(prefix, 1000);
        ListResult page = store.list(request);
        while (true) {
            for (KeyValue kv : page.items()) {
                assertEquals(key(String.format("n%06d", seen)), kv.key());
                seen++;
            }
            if (!page.hasMore()) {
                break;
            }
            page = store.list(request.next(page));
        }
        assertEquals(count, seen);
    }

    /** How many keys the many-keys test writes (100,000 by the contract). */
    protected int manyKeysCount() {
        return 100_000;
    }

    @Test
    void badInputIsRejectedWithASpecificErrorAndWritesNothing() {
        long revision = store.currentRevision();
        for (String bad : new String[] {"", "no-leading-slash", prefix + "ctl\u0001char", prefix + "nul\u0000",
                prefix + "trailing/", "/" + "x".repeat(5000)}) {
            assertThrows(InvalidKeyException.class, () -> store.create(bad, bytes("v")), "key " + bad);
            assertThrows(InvalidKeyException.class, () -> store.get(bad), "key " + bad);
        }
        assertThrows(InvalidKeyException.class, () -> store.create(null, bytes("v")));
        assertThrows(InvalidKeyException.class, () -> store.list(ListRequest.all("relative/")));
        InvalidValueException empty = assertThrows(InvalidValueException.class, () -> store.create(key("e"), new byte[0]));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        assertThrows(InvalidValueException.class, () -> store.create(key("n"), null));
        InvalidValueException tooBig = assertThrows(InvalidValueException.class,
                () -> store.create(key("big"), new byte[MAX_VALUE_BYTES + 1]));
        assertTrue(tooBig.getMessage().contains(String.valueOf(MAX_VALUE_BYTES)), tooBig.getMessage());
        store.create(key("v"), bytes("v"));
        long afterGood = store.currentRevision();
        assertThrows(InvalidValueException.class, () -> store.update(key("v"), new byte[MAX_VALUE_BYTES + 1], 0));
        assertThrows(IllegalArgumentException.class, () -> store.update(key("v"), bytes("x"), -1));
        assertThrows(IllegalArgumentException.class, () -> new ListRequest(prefix, -1, 0, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new ListRequest(prefix, 0, -5, Optional.empty()));
        long future = store.currentRevision() + 1000;
        assertThrows(FutureRevisionException.class, () -> store.list(new ListRequest(prefix, future, 0, Optional.empty())));
        assertThrows(FutureRevisionException.class, () -> store.watch(prefix, future, new RecordingListener()));
        assertEquals(revision + 1, afterGood);
        assertEquals(afterGood, store.currentRevision(), "rejected writes must not change the store");
        assertEquals(List.of(key("v")), store.list(ListRequest.all(prefix)).items().stream().map(KeyValue::key).toList());
    }

    private static void assertStrictlyIncreasing(List<WatchEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).revision() > events.get(i - 1).revision(),
                    "revisions out of order at " + i + ": " + events.get(i - 1).revision() + " then " + events.get(i).revision());
        }
    }

    /** Work run on one thread per index. */
    @FunctionalInterface
    protected interface Task {
        void run(int thread) throws Exception;
    }

    protected static void runConcurrently(int threads, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int index = t;
                futures.add(pool.submit(() -> {
                    task.run(index);
                    return null;
                }));
            }
            Map<Integer, Throwable> failures = new HashMap<>();
            for (int t = 0; t < threads; t++) {
                try {
                    futures.get(t).get(5, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.put(t, e.getCause());
                }
            }
            if (!failures.isEmpty()) {
                Throwable first = failures.values().iterator().next();
                throw new AssertionError(failures.size() + " thread(s) failed, first: " + first, first);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
