package dev.orchestrator.bench.store;

import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.Watch;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import dev.orchestrator.store.embedded.internal.EmbeddedStore;
import dev.orchestrator.store.etcd.internal.EtcdStore;
import dev.orchestrator.store.tck.EtcdServer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Measures both stores in one run on the same machine:
 * <ul>
 *   <li>writes: creates of new keys (256-byte values) by 1, 16 and 256 concurrent writers,
 *       each for a fixed time; throughput and latency percentiles;</li>
 *   <li>watch: 100 watchers on one prefix while one writer creates keys at a fixed rate;
 *       delivery latency from the start of the write call to each watcher's receipt.</li>
 * </ul>
 * Usage: {@code StoreBenchmark [seconds-per-run] [watch-writes-per-second]}; prints a
 * Markdown table.
 */
public final class StoreBenchmark {

    private static final int VALUE_BYTES = 256;
    private static final int[] WRITERS = {1, 16, 256};
    private static final int WATCHERS = 100;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int watchRate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        List<String> rows = new ArrayList<>();
        Path dir = Files.createTempDirectory("orch-bench-embedded");
        try (EmbeddedStore embedded = new EmbeddedStore(EmbeddedStore.Settings.defaults(dir))) {
            rows.addAll(run("embedded", embedded, seconds, watchRate));
        } finally {
            delete(dir);
        }
        try (EtcdServer etcd = EtcdServer.start();
             EtcdStore store = new EtcdStore(EtcdStore.Settings.defaults(List.of(etcd.endpoint())))) {
            rows.addAll(run("etcd " + etcdVersion(), store, seconds, watchRate));
        }
        System.out.println();
        System.out.println("| store | test | ops | ops/s | p50 ms | p99 ms | max ms |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    private static List<String> run(String name, Store store, int seconds, int watchRate) throws Exception {
        List<String> rows = new ArrayList<>();
        for (int writers : WRITERS) {
            rows.add(writes(name, store, writers, seconds));
        }
        rows.add(watch(name, store, seconds, watchRate));
        return rows;
    }

    private static String writes(String name, Store store, int writers, int seconds) throws Exception {
        byte[] value = new byte[VALUE_BYTES];
        String prefix = "/bench/w" + writers + "/";
        AtomicBoolean stop = new AtomicBoolean();
        List<LatencyRecorder> recorders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        for (int t = 0; t < writers; t++) {
            LatencyRecorder recorder = new LatencyRecorder();
            recorders.add(recorder);
            int thread = t;
            threads.add(new Thread(() -> {
                for (long i = 0; !stop.get(); i++) {
                    long start = System.nanoTime();
                    try {
                        store.create(prefix + thread + "/" + i, value);
                        recorder.record(System.nanoTime() - start);
                    } catch (StoreException e) {
                        errors.incrementAndGet();
                    }
                }
            }, "bench-writer-" + t));
        }
        long started = System.nanoTime();
        threads.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        LatencyRecorder.Percentiles p = LatencyRecorder.merge(recorders);
        String row = String.format("| %s | write, %d writers | %d | %.0f | %.2f | %.2f | %.2f |", name, writers,
                p.count(), p.count() / elapsed, p.ms(50), p.ms(99), p.ms(100));
        System.out.println(row + (errors.get() > 0 ? " errors=" + errors.get() : ""));
        return row;
    }

    private static String watch(String name, Store store, int seconds, int rate) throws Exception {
        String prefix = "/bench/watch/";
        int total = seconds * rate;
        CountDownLatch done = new CountDownLatch(WATCHERS);
        List<LatencyRecorder> recorders = new ArrayList<>();
        List<Watch> watches = new ArrayList<>();
        long from = store.currentRevision();
        for (int w = 0; w < WATCHERS; w++) {
            LatencyRecorder recorder = new LatencyRecorder();
            recorders.add(recorder);
            watches.add(store.watch(prefix, from, new WatchListener() {
                private int seen;

                @Override
                public void onEvents(List<WatchEvent> events) {
                    long now = System.nanoTime();
                    for (WatchEvent e : events) {
                        long sent = ByteBuffer.wrap(e.current().orElseThrow().value()).getLong();
                        recorder.record(now - sent);
                        if (++seen == total) {
                            done.countDown();
                        }
                    }
                }

                @Override
                public void onClose(Optional<StoreException> error) {
                    error.ifPresent(e -> System.err.println("watch ended: " + e));
                }
            }));
        }
        long intervalNanos = 1_000_000_000L / rate;
        long next = System.nanoTime();
        for (int i = 0; i < total; i++) {
            while (System.nanoTime() < next) {
                Thread.onSpinWait();
            }
            next += intervalNanos;
            byte[] value = ByteBuffer.allocate(VALUE_BYTES).putLong(System.nanoTime()).array();
            store.create(prefix + i, value);
        }
        boolean complete = done.await(60, TimeUnit.SECONDS);
        watches.forEach(Watch::close);
        LatencyRecorder.Percentiles p = LatencyRecorder.merge(recorders);
        String row = String.format("| %s | watch delivery, %d watchers, %d writes/s | %d | %d | %.2f | %.2f | %.2f |",
                name, WATCHERS, rate, p.count(), rate * WATCHERS, p.ms(50), p.ms(99), p.ms(100));
        System.out.println(row + (complete ? "" : " INCOMPLETE: not every watcher got every event"));
        return row;
    }

    private static String etcdVersion() {
        try {
            Process p = new ProcessBuilder(System.getProperty("etcd.binary", "etcd"), "--version").start();
            String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("");
            return first.replace("etcd Version: ", "");
        } catch (Exception e) {
            return "";
        }
    }

    private static void delete(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
