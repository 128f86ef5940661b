package dev.orchestrator.bench.apiserver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives a running API server over HTTP, as clients do:
 * <ol>
 *   <li>pod creates by 64 concurrent clients at a fixed total rate (open loop);</li>
 *   <li>pod gets by 64 clients back to back;</li>
 *   <li>a list of every pod created (10,000 at the default settings);</li>
 *   <li>1,000 concurrent watchers of configmaps while one writer updates at a fixed rate;
 *       latency from the update request to each watcher reading the event.</li>
 * </ol>
 * Creates, gets and a list are first run unmeasured in a namespace of their own (the JIT of both JVMs); each measured
 * phase starts once the server has settled, and each row shows the server's and this client's CPU per operation
 * ({@link CpuMeter}; the server's PID in {@code BENCH_SERVER_PID}, which {@code run.sh} sets).
 * Usage: {@code ApiServerBenchmark <url> [creates/s] [create-seconds] [watchers] [updates/s] [watch-seconds]}.
 */
public final class ApiServerBenchmark {

    private static final int CLIENTS = 64;

    private final String url;
    private final HttpClient http = BenchTls.configure(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))).build();

    private ApiServerBenchmark(String url) {
        this.url = url;
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int watchers = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int updateRate = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        int watchSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 20;
        ApiServerBenchmark bench = new ApiServerBenchmark(url);
        List<String> rows = new ArrayList<>();
        bench.send("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"bench\"}}");
        bench.send("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"watchbench\"}}");
        // Warm up the JIT of both JVMs with the same work, unmeasured, until the server's compilers are done with it:
        // C2 compiling the get path took a fifth of the server's CPU during the measured gets when only creates had
        // been warmed up (perf), and with TLS, RBAC and the audit log there is more code to compile (it settled after
        // 20-30 rounds here; BENCH_WARMUP_ROUNDS sets the limit).
        CpuMeter cpu = new CpuMeter();
        int[] round = {0};
        String warmUp = cpu.warmUntilTheJitSettles(() -> {
            String namespace = "warmup-" + round[0]++;
            try {
                bench.send("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + namespace + "\"}}");
                bench.creates(namespace, rate, 2);
                bench.gets(namespace, rate * 2, 4);
                bench.list(namespace, rate * 2);
                // the round's pods go again: kept, the ~30 rounds it takes left ~30,000 pods in the 1 GiB heap and
                // G1's marking took a quarter of the server's CPU during the measured gets
                bench.send("DELETE", "/api/v1/namespaces/" + namespace + "/pods", null);
            } catch (Exception e) {
                throw new IllegalStateException("warm-up failed", e);
            }
        }, Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP_ROUNDS", "40")));
        System.err.println("warm-up: " + warmUp);
        rows.addAll(cpu.measure(() -> List.of(bench.creates("bench", rate, seconds))));
        rows.addAll(cpu.measure(() -> List.of(bench.gets("bench", rate * seconds, 10))));
        rows.addAll(cpu.measure(() -> List.of(bench.list("bench", rate * seconds))));
        rows.addAll(cpu.measure(() -> List.of(bench.watch(watchers, updateRate, watchSeconds))));
        rows.addAll(cpu.measure(() -> List.of(ApplyBenchmark.run(bench.http, url, 200))));
        rows.addAll(cpu.measure(() -> CustomResourceBenchmark.run(bench.http, url, 2000)));
        System.out.println();
        System.out.println(CpuMeter.header());
        rows.forEach(System.out::println);
    }

    private String creates(String namespace, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            threads.add(new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < total) {
                    long due = start + i * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        sleepNanos(wait);
                    }
                    long sent = System.nanoTime();
                    int code = send("POST", "/api/v1/namespaces/" + namespace + "/pods", pod(i));
                    latencies[i] = System.nanoTime() - sent;
                    if (code != 201) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (System.getenv("BENCH_TIMELINE") != null) {
            printTimeline(latencies, rate);
        }
        Percentiles p = new Percentiles(latencies, total);
        return row("pod create, " + CLIENTS + " clients, target " + rate + "/s" + (errors.get() > 0 ? " (errors " + errors + ")" : ""),
                p, total / elapsed);
    }

    /**
     * The creates' latency second by second of their schedule (stderr): whether a tail is spread over the run (a
     * saturated machine's queue) or comes in a few bursts (a collector's pause, a stall).
     */
    private static void printTimeline(long[] latencies, int rate) {
        System.err.println("second: creates p50 / p99 / max ms");
        for (int from = 0; from < latencies.length; from += rate) {
            long[] second = Arrays.copyOfRange(latencies, from, Math.min(latencies.length, from + rate));
            Percentiles p = new Percentiles(second, second.length);
            System.err.printf("%d: %.1f / %.1f / %.1f%n", from / rate, p.ms(50), p.ms(99), p.ms(100));
        }
    }

    private String gets(String namespace, int pods, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<long[]> perThread = new ArrayList<>();
        AtomicInteger count = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < CLIENTS; t++) {
            long[] samples = new long[200_000];
            perThread.add(samples);
            threads.add(new Thread(() -> {
                int n = 0;
                while (System.nanoTime() < end && n < samples.length) {
                    long sent = System.nanoTime();
                    send("GET", "/api/v1/namespaces/" + namespace + "/pods/pod-" + ThreadLocalRandom.current().nextInt(pods), null);
                    samples[n++] = System.nanoTime() - sent;
                }
                samples[samples.length - 1] = n;
                count.addAndGet(n);
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = new long[count.get()];
        int at = 0;
        for (long[] s : perThread) {
            int n = (int) s[s.length - 1];
            System.arraycopy(s, 0, all, at, n);
            at += n;
        }
        return row("pod get, " + CLIENTS + " clients", new Percentiles(all, all.length), all.length / elapsed);
    }

    private String list(String namespace, int pods) throws Exception {
        int runs = 5;
        long[] latencies = new long[runs];
        int items = 0;
        for (int i = 0; i < runs; i++) {
            long sent = System.nanoTime();
            HttpResponse<String> r = http.send(request("GET", "/api/v1/namespaces/" + namespace + "/pods", null),
                    HttpResponse.BodyHandlers.ofString());
            latencies[i] = System.nanoTime() - sent;
            items = countOccurrences(r.body(), "\"kind\":\"Pod\"");
        }
        return row("list of all pods (" + items + " of " + pods + " returned)", new Percentiles(latencies, runs),
                runs / (java.util.Arrays.stream(latencies).sum() / 1e9));
    }

    private String watch(int watchers, int rate, int seconds) throws Exception {
        send("POST", "/api/v1/namespaces/watchbench/configmaps", "{\"metadata\":{\"name\":\"hot\"},\"data\":{\"v\":\"0\"}}");
        int updates = rate * seconds;
        long[][] latencies = new long[watchers][updates];
        AtomicInteger[] seen = new AtomicInteger[watchers];
        String[] ended = new String[watchers];
        CountDownLatch ready = new CountDownLatch(watchers);
        CountDownLatch done = new CountDownLatch(watchers);
        List<CompletableFuture<HttpResponse<Void>>> streams = new ArrayList<>();
        for (int w = 0; w < watchers; w++) {
            int watcher = w;
            seen[w] = new AtomicInteger();
            // Lines are handled as they arrive on the client's own I/O threads: no thread per watcher.
            java.util.concurrent.Flow.Subscriber<String> lines = new java.util.concurrent.Flow.Subscriber<>() {
                @Override
                public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    if (line.startsWith("{\"type\":\"ADDED\"")) {
                        // The list part of the watch: a watcher is ready when it has the object the writer updates.
                        // Other ConfigMaps of the namespace (kube-root-ca.crt, published when the server has a CA)
                        // must not count, or updates start before every watcher subscribed and late ones miss some.
                        if (line.contains("\"name\":\"hot\"")) {
                            ready.countDown();
                        }
                        return;
                    }
                    long sentAt = stamp(line);
                    if (sentAt > 0) {
                        int n = seen[watcher].getAndIncrement();
                        if (n < updates) {
                            latencies[watcher][n] = System.nanoTime() - sentAt;
                        }
                        if (n + 1 == updates) {
                            done.countDown();
                        }
                    }
                }

                @Override
                public void onError(Throwable throwable) {
                    ended[watcher] = "failed: " + throwable;
                }

                @Override
                public void onComplete() {
                    ended[watcher] = "ended by the server";
                }
            };
            streams.add(http.sendAsync(request("GET",
                    "/api/v1/namespaces/watchbench/configmaps?watch=true&resourceVersion=0", null),
                    HttpResponse.BodyHandlers.fromLineSubscriber(lines)));
        }
        if (!ready.await(120, TimeUnit.SECONDS)) {
            System.err.println("not every watcher started: " + ready.getCount() + " missing");
        }
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < updates; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                sleepNanos(wait);
            }
            send("PATCH", "/api/v1/namespaces/watchbench/configmaps/hot",
                    "{\"data\":{\"sent\":\"" + System.nanoTime() + "\"}}", "application/merge-patch+json");
        }
        boolean complete = done.await(60, TimeUnit.SECONDS);
        for (int w = 0; w < watchers && !complete; w++) {
            if (seen[w].get() < updates) { // which watchers fell short, and whether their stream had ended
                System.err.printf("watcher %d saw %d of %d updates; its stream: %s%n", w, seen[w].get(), updates,
                        ended[w] == null ? "still open" : ended[w]);
            }
        }
        streams.forEach(s -> s.cancel(true));
        long[] all = new long[watchers * updates];
        int at = 0;
        for (int w = 0; w < watchers; w++) {
            int n = Math.min(seen[w].get(), updates);
            System.arraycopy(latencies[w], 0, all, at, n);
            at += n;
        }
        Percentiles p = new Percentiles(all, at);
        return row("watch event delivery, " + watchers + " watchers, " + rate + " updates/s"
                + (complete ? "" : " (INCOMPLETE: " + at + " of " + watchers * updates + ")"), p,
                (double) at / seconds);
    }

    private static long stamp(String line) {
        int i = line.indexOf("\"sent\":\"");
        if (i < 0) {
            return -1;
        }
        int start = i + 8;
        int end = line.indexOf('"', start);
        return Long.parseLong(line.substring(start, end));
    }

    private int send(String method, String path, String body) {
        return send(method, path, body, "application/json");
    }

    private int send(String method, String path, String body, String contentType) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60));
            if (body != null) {
                b.header("Content-Type", contentType);
            }
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private HttpRequest request(String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create(url + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String pod(int i) {
        return "{\"metadata\":{\"name\":\"pod-" + i + "\",\"labels\":{\"app\":\"bench\",\"shard\":\"" + (i % 16)
                + "\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox:1.36\",\"resources\":{\"requests\":"
                + "{\"cpu\":\"100m\",\"memory\":\"64Mi\"}}}]}}";
    }

    private static String row(String test, Percentiles p, double perSecond) {
        return String.format("| %s | %d | %.0f | %.2f | %.2f | %.2f |", test, p.count(), perSecond, p.ms(50), p.ms(99),
                p.ms(100));
    }

    private static int countOccurrences(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
