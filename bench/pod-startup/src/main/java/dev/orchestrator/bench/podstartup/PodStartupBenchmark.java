package dev.orchestrator.bench.podstartup;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pods created at once on one real node (started by run.sh with its image registry): one warm-up
 * pod pulls the image, then N pods ({@code sleep 3600}) are created from 10 threads while a watch
 * records when each is first seen Running (status.phase) and Ready (Ready condition True). Latency
 * is from the client sending the create to the watch event. The server's CPU time and RSS (the
 * kubelet runs inside it) are read from /proc over the run; once all are Ready, the server's CPU and RSS are
 * measured for a minute with the pods running (and probing, with {@code probes}); then all pods are deleted and
 * the time until the list is empty is measured.
 *
 * <p>Arguments: base URL, server PID, image, pods, RuntimeClass ({@code -} for the node's default runtime),
 * {@code probes} or {@code idle}. With probes each pod runs busybox httpd with a liveness and a readiness
 * httpGet probe every 2 s; idle pods run {@code sleep}.
 */
public final class PodStartupBenchmark {

    private static final Pattern NAME = Pattern.compile("\"name\":\"(s-\\d+|warmup)\"");
    private static final Pattern RUNNING = Pattern.compile("\"phase\":\"Running\"");
    private static final Pattern READY = Pattern.compile("\"status\":\"True\",\"type\":\"Ready\"|\"type\":\"Ready\",\"status\":\"True\"");
    private static final String NS = "/api/v1/namespaces/startup";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String pid;
    private final String image;
    private final String runtimeClass;
    private final boolean probes;
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final Map<String, Long> running = new ConcurrentHashMap<>();
    private final Map<String, Long> ready = new ConcurrentHashMap<>();
    private final AtomicLong peakRss = new AtomicLong();

    private PodStartupBenchmark(String base, String pid, String image, String runtimeClass, boolean probes) {
        this.base = base;
        this.pid = pid;
        this.image = image;
        this.runtimeClass = runtimeClass;
        this.probes = probes;
    }

    public static void main(String[] args) throws Exception {
        String runtimeClass = args.length > 4 && !args[4].equals("-") ? args[4] : "";
        boolean probes = args.length > 5 && args[5].equals("probes");
        System.out.printf("== %s pods on %s%n", probes ? "probed httpd" : "idle sleep",
                runtimeClass.isEmpty() ? "the default runtime (containerd)" : "RuntimeClass " + runtimeClass);
        new PodStartupBenchmark(args[0], args[1], args[2], runtimeClass, probes).run(Integer.parseInt(args[3]));
        System.exit(0);
    }

    private void run(int pods) throws Exception {
        send("POST", "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"startup\"}}");
        Thread watcher = new Thread(this::watch, "watch");
        watcher.setDaemon(true);
        watcher.start();
        Thread sampler = new Thread(this::sampleRss, "rss");
        sampler.setDaemon(true);
        sampler.start();
        Thread.sleep(1000);
        long w0 = System.nanoTime();
        create("warmup");
        await(() -> ready.containsKey("warmup"), 120, "warm-up pod Ready");
        System.out.printf("warm-up pod (image pull) Ready after %.2f s%n", (System.nanoTime() - w0) / 1e9);
        send("DELETE", NS + "/pods/warmup", "");
        await(() -> count("/pods") == 0, 60, "warm-up pod gone");
        Thread.sleep(3000);

        long cpu0 = cpuTicks();
        long rss0 = rss();
        peakRss.set(rss0);
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        for (int i = 0; i < pods; i++) {
            String name = "s-" + i;
            pool.execute(() -> create(name));
        }
        pool.shutdown();
        pool.awaitTermination(2, TimeUnit.MINUTES);
        double created = (System.nanoTime() - t0) / 1e9;
        await(() -> ready.keySet().stream().filter(n -> n.startsWith("s-")).count() >= pods, 300, "all pods Ready");
        double all = (System.nanoTime() - t0) / 1e9;
        long cpu = cpuTicks() - cpu0;
        System.out.printf("%d pods created in %.2f s (10 threads); all Ready after %.2f s%n", pods, created, all);
        report("create -> Running", running);
        report("create -> Ready", ready);
        System.out.printf("server (API + scheduler + kubelet) CPU during the run: %.2f s over %.2f s = %.0f%% of one core; "
                + "RSS before %d MiB, peak %d MiB%n", cpu / 100.0, all, 100.0 * cpu / 100 / all, rss0 >> 20,
                peakRss.get() >> 20);
        steadyState(pods);

        long d0 = System.nanoTime();
        long dcpu0 = cpuTicks();
        send("DELETE", NS + "/pods", "");
        await(() -> count("/pods") == 0, 300, "all pods deleted");
        System.out.printf("delete of all %d pods (grace period 2 s): gone from the API after %.2f s, server CPU %.2f s%n",
                pods, (System.nanoTime() - d0) / 1e9, (cpuTicks() - dcpu0) / 100.0);
    }

    /** CPU and RSS of the server with every pod running, after the start-up work has settled. */
    private void steadyState(int pods) throws Exception {
        Thread.sleep(15_000);
        long cpu0 = cpuTicks();
        long t0 = System.nanoTime();
        long rssSum = 0;
        int samples = 0;
        for (int i = 0; i < 60; i++) {
            Thread.sleep(1000);
            rssSum += rss();
            samples++;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long cpu = cpuTicks() - cpu0;
        System.out.printf("steady state, %d pods %s: server CPU %.2f s over %.1f s = %.1f%% of one core; RSS mean %d MiB%n",
                pods, probes ? "probed every 2 s (liveness + readiness httpGet)" : "idle", cpu / 100.0, seconds,
                100.0 * cpu / 100 / seconds, (rssSum / samples) >> 20);
    }

    private void report(String what, Map<String, Long> seen) {
        long[] ms = sent.entrySet().stream().filter(e -> e.getKey().startsWith("s-") && seen.containsKey(e.getKey()))
                .mapToLong(e -> (seen.get(e.getKey()) - e.getValue()) / 1_000_000).sorted().toArray();
        System.out.printf("%-18s n=%d p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n", what, ms.length, at(ms, 50),
                at(ms, 90), at(ms, 99), ms[ms.length - 1]);
    }

    private static long at(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    private void create(String name) {
        String probe = """
                {"httpGet":{"path":"/","port":80},"periodSeconds":2,"timeoutSeconds":1}""";
        String container = probes
                ? """
                  "command":["httpd","-f","-p","80","-h","/www"],"livenessProbe":%s,"readinessProbe":%s""".formatted(probe, probe)
                : "\"command\":[\"sleep\",\"3600\"]";
        String body = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},"spec":{"terminationGracePeriodSeconds":2,%s
                 "containers":[{"name":"main","image":"%s",%s,
                 "resources":{"requests":{"cpu":"10m","memory":"8Mi"}}}]}}""".formatted(name,
                runtimeClass.isEmpty() ? "" : "\"runtimeClassName\":\"" + runtimeClass + "\",", image, container);
        try {
            sent.put(name, System.nanoTime());
            int code = send("POST", NS + "/pods", body);
            if (code >= 300) {
                System.out.println("create " + name + " -> " + code);
            }
        } catch (Exception e) {
            System.out.println("create " + name + " failed: " + e);
        }
    }

    private void watch() {
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + NS + "/pods?watch=true"))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                long now = System.nanoTime();
                Matcher n = NAME.matcher(line);
                if (!n.find()) {
                    continue;
                }
                if (RUNNING.matcher(line).find()) {
                    running.putIfAbsent(n.group(1), now);
                }
                if (READY.matcher(line).find()) {
                    ready.putIfAbsent(n.group(1), now);
                }
            }
        } catch (Exception e) {
            System.out.println("watch ended: " + e);
        }
    }

    private void sampleRss() {
        while (true) {
            try {
                peakRss.accumulateAndGet(rss(), Math::max);
                Thread.sleep(100);
            } catch (Exception e) {
                return;
            }
        }
    }

    private int count(String path) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(base + NS + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = NAME.matcher(body);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private int send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
        b = body.isEmpty() ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check check, int seconds, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private long cpuTicks() throws Exception {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private long rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
            }
        }
        return -1;
    }

}
