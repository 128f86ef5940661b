package dev.orchestrator.bench.scheduler;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the scheduler end to end, through the real API server and store, as kube-scheduler's
 * own performance tests do with hollow nodes:
 * <ol>
 *   <li>posts {@code nodes} Node objects with capacity (no kubelet behind them);</li>
 *   <li>watches pods, noting when each is seen bound;</li>
 *   <li>creates {@code pods} pods (100m CPU, 128 MiB each) with {@code clients} concurrent
 *       clients as fast as the server takes them;</li>
 *   <li>reports creates/s, bindings/s (first create to last binding, and in the steady middle),
 *       latency from a pod's create request to the watch showing it bound (p50/p90/p99), and the
 *       server's resident memory.</li>
 * </ol>
 * Usage: {@code SchedulerBenchmark <url> <nodes> <pods> <clients> <server-pid> [creates/s [warm-up pods]]} (no
 * rate: as fast as the server takes them). Warm-up pods are created and bound in a namespace of their own before
 * the measured pods, so that the server's JIT compiler has done most of its work (on a slow 2-core machine C2
 * takes a fifth of the CPU for the first minute); they stay bound, as pods of an existing cluster would.
 */
public final class SchedulerBenchmark {

    private static final Pattern NAME = Pattern.compile("\"name\":\"b-(\\d+)\"");
    private static final Pattern NODE = Pattern.compile("\"nodeName\":\"([^\"]+)\"");

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private SchedulerBenchmark(String url) {
        this.url = url;
    }

    public static void main(String[] args) throws Exception {
        SchedulerBenchmark bench = new SchedulerBenchmark(args[0]);
        int nodes = Integer.parseInt(args[1]);
        int pods = Integer.parseInt(args[2]);
        int clients = Integer.parseInt(args[3]);
        String serverPid = args[4];
        int rate = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        int warmUp = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        bench.run(nodes, pods, clients, serverPid, rate, warmUp);
    }

    private void run(int nodes, int pods, int clients, String serverPid, int rate, int warmUp) throws Exception {
        System.out.printf("machine: %d cores; nodes=%d pods=%d clients=%d create rate=%s warm-up pods=%d%n",
                Runtime.getRuntime().availableProcessors(), nodes, pods, clients,
                rate > 0 ? rate + "/s" : "as fast as possible", warmUp);
        long t0 = System.nanoTime();
        parallel(nodes, clients, i -> post("/api/v1/nodes", node(i)));
        System.out.printf("nodes posted: %d in %.1f s%n", nodes, (System.nanoTime() - t0) / 1e9);
        Thread.sleep(2000); // let the scheduler's node informer catch up
        if (warmUp > 0) {
            long w0 = System.nanoTime();
            Round warm = new Round("warmup", warmUp, serverPid);
            warm.create(clients, 0);
            boolean done = warm.allBound.await(10, TimeUnit.MINUTES);
            System.out.printf("warm-up: %d of %d pods bound in %.1f s (not measured)%n", warm.bound.get(), warmUp,
                    (System.nanoTime() - w0) / 1e9);
            if (!done) {
                return;
            }
        }
        Round round = new Round("bench", pods, serverPid);
        round.create(clients, rate);
        round.report();
    }

    /** User and system time of a process in clock ticks (1/100 s on Linux). */
    private static long cpuTicks(String pid) throws java.io.IOException {
        String[] f = Files.readString(Path.of("/proc", pid, "stat")).split("\\) ", 2)[1].split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Pods created in one namespace and watched until bound. */
    private final class Round {
        final String namespace;
        final int pods;
        final long[] createdAt;
        final long[] boundAt;
        final AtomicInteger bound = new AtomicInteger();
        final CountDownLatch allBound;
        final String serverPid;
        long cpuAtStart;
        long start;
        long created;

        Round(String namespace, int pods, String serverPid) throws InterruptedException {
            this.namespace = namespace;
            this.serverPid = serverPid;
            this.pods = pods;
            createdAt = new long[pods];
            boundAt = new long[pods];
            allBound = new CountDownLatch(pods);
            post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + namespace + "\"}}");
            Thread watcher = new Thread(() -> watchBindings(namespace, boundAt, bound, allBound),
                    "watch-" + namespace);
            watcher.setDaemon(true);
            watcher.start();
            Thread.sleep(500);
        }

        void create(int clients, int rate) throws Exception {
            cpuAtStart = cpuTicks(serverPid);
            start = System.nanoTime();
            parallel(pods, clients, i -> {
                if (rate > 0) { // open loop: pod i is due at i/rate seconds, whatever the answers take
                    long due = start + i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                createdAt[i] = System.nanoTime();
                post("/api/v1/namespaces/" + namespace + "/pods", pod(i));
            });
            created = System.nanoTime();
        }

        void report() throws Exception {
            boolean done = allBound.await(10, TimeUnit.MINUTES);
            long end = Arrays.stream(boundAt).max().orElse(created);
            System.out.printf("pods created: %d in %.1f s = %.0f creates/s%n", pods, (created - start) / 1e9,
                    pods / ((created - start) / 1e9));
            if (!done) {
                System.out.printf("NOT ALL BOUND: %d of %d after 10 minutes%n", bound.get(), pods);
            }
            System.out.printf("pods bound: %d; first create to last binding %.1f s = %.0f pods/s end to end%n",
                    bound.get(), (end - start) / 1e9, bound.get() / ((end - start) / 1e9));
            long[] sortedBound = Arrays.stream(boundAt).filter(t -> t > 0).sorted().toArray();
            int lo = sortedBound.length / 10;
            int hi = sortedBound.length * 9 / 10;
            if (hi > lo) {
                System.out.printf("steady binding rate (10th to 90th percentile of bindings): %.0f pods/s%n",
                        (hi - lo) / ((sortedBound[hi] - sortedBound[lo]) / 1e9));
            }
            long afterCreates = Arrays.stream(sortedBound).filter(t -> t > created).count();
            if (afterCreates > 1000) {
                System.out.printf("binding rate once all pods were created (API no longer busy with creates): %.0f pods/s"
                        + " (%d pods)%n", afterCreates / ((end - created) / 1e9), afterCreates);
            }
            // a stall (everything waiting on a timer, a backlog draining) shows as a run of empty seconds
            int seconds = (int) ((end - start) / 1_000_000_000L) + 1;
            int[] perSecond = new int[seconds];
            for (long t : sortedBound) {
                perSecond[(int) Math.min(seconds - 1, Math.max(0, (t - start) / 1_000_000_000L))]++;
            }
            System.out.printf("bindings seen per second from the first create: %s%n", Arrays.toString(perSecond));
            long[] latency = new long[pods];
            int n = 0;
            for (int i = 0; i < pods; i++) {
                if (boundAt[i] > 0) {
                    latency[n++] = boundAt[i] - createdAt[i];
                }
            }
            long[] sorted = Arrays.copyOf(latency, n);
            Arrays.sort(sorted);
            System.out.printf("create-to-bound latency: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    at(sorted, 50), at(sorted, 90), at(sorted, 99), at(sorted, 100));
            long cpu = cpuTicks(serverPid) - cpuAtStart;
            // on a shared, noisy machine the CPU a pod costs the server varies less than the rates do
            System.out.printf("server CPU: %.1f s = %.2f ms per pod (the benchmark client shares the cores)%n", cpu / 100.0,
                    cpu * 10.0 / pods);
            System.out.printf("server RSS: %s%n", rss(serverPid));
            verifyBoundOnce(namespace, pods);
        }
    }

    private static double at(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(percentile / 100 * sorted.length) - 1));
        return sorted[i] / 1e6;
    }

    private void watchBindings(String namespace, long[] boundAt, AtomicInteger bound, CountDownLatch allBound) {
        Set<Integer> seen = new HashSet<>();
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url
                    + "/api/v1/namespaces/" + namespace + "/pods?watch=true&timeoutSeconds=3600")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    Matcher name = NAME.matcher(line);
                    if (!name.find() || !NODE.matcher(line).find()) {
                        continue;
                    }
                    int i = Integer.parseInt(name.group(1));
                    if (seen.add(i)) {
                        boundAt[i] = System.nanoTime();
                        bound.incrementAndGet();
                        allBound.countDown();
                    }
                }
            }
        } catch (Exception e) {
            System.out.println("watch ended: " + e);
        }
    }

    /** Every pod has exactly one node; the API refuses a second binding, so this checks none was lost. */
    private void verifyBoundOnce(String namespace, int pods) throws Exception {
        String list = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/namespaces/" + namespace + "/pods"))
                        .build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = NODE.matcher(list);
        int withNode = 0;
        while (m.find()) {
            withNode++;
        }
        System.out.printf("pods listed with a node: %d of %d%n", withNode, pods);
    }

    private static String node(int i) {
        String name = String.format("hollow-%05d", i);
        return "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"kubernetes.io/hostname\":\"" + name
                + "\",\"topology.kubernetes.io/zone\":\"zone-" + (i % 10) + "\"}},"
                + "\"status\":{\"capacity\":{\"cpu\":\"32\",\"memory\":\"128Gi\",\"pods\":\"110\"},"
                + "\"allocatable\":{\"cpu\":\"32\",\"memory\":\"128Gi\",\"pods\":\"110\"}}}";
    }

    private static String pod(int i) {
        return "{\"metadata\":{\"name\":\"" + String.format("b-%06d", i) + "\",\"labels\":{\"app\":\"bench\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\","
                + "\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}}}]}}";
    }

    private void post(String path, String body) {
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url + path))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 201 || r.statusCode() == 409) {
                    return;
                }
                if (r.statusCode() != 429 || attempt > 100) {
                    throw new IllegalStateException("POST " + path + " answered " + r.statusCode());
                }
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.io.IOException e) {
                if (attempt > 5) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private interface Task {
        void run(int i) throws Exception;
    }

    private static void parallel(int count, int threads, Task task) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    try {
                        task.run(i);
                    } catch (Exception e) {
                        if (failures.incrementAndGet() < 5) {
                            System.out.println("request failed: " + e);
                        }
                    }
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
    }

    private static String rss(String pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return (kb / 1024) + " MiB";
                }
            }
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
        return "unknown";
    }
}
