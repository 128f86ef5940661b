package dev.orchestrator.bench.controllers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Controller benchmark against a running all-in-one (started by run.sh without nodes): starts a
 * fleet of hollow nodes, creates D Deployments of R replicas at once through the API, and measures
 * the time until every pod is available (the Deployments' status says so), the reconciles per
 * second of the Deployment and ReplicaSet controllers, the server's CPU and memory; then changes
 * every Deployment's template at once and measures the rolling update of all of them.
 *
 * <p>Arguments: base URL, server PID, etc dir, nodes, deployments, replicas, client threads.
 */
public final class ControllersBenchmark {

    private static final Pattern READY = Pattern.compile("\"status\":\"True\",\"type\":\"Ready\"|\"type\":\"Ready\",\"status\":\"True\"");
    private static final Pattern RECONCILES = Pattern.compile(
            "orchestrator_controller_reconciles_total\\{controller=\"([a-z-]+)\",result=\"[a-z_]+\"} (\\d+)");
    private static final String NS = "bench";
    private static final String ITEM = "\\{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"";
    private static final Pattern OBSERVED = Pattern.compile("\"observedGeneration\":(\\d+)");
    private static final Pattern UPDATED = Pattern.compile("\"updatedReplicas\":(\\d+)");
    private static final Pattern AVAILABLE = Pattern.compile("\"availableReplicas\":(\\d+)");
    private static final Pattern POD_KIND = Pattern.compile("\"kind\":\"Pod\"");
    private static final Pattern REPLICAS = Pattern.compile("\"replicas\":(\\d+)");
    private static final Pattern NAME = Pattern.compile("\"name\":\"(d\\d+)\"");
    private static final Pattern LIST_REVISION = Pattern.compile("^\\{[^\\[]*\"resourceVersion\":\"(\\d+)\"");
    private static final Pattern REQUESTS = Pattern.compile("^apiserver_request_total\\{(.*)} (\\d+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(verb|resource|subresource)=\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String pid;
    private final Path etc;
    /** Each Deployment's latest JSON, kept by one watch: polling the list twice a second cost the server ~7 % of its CPU. */
    private final Map<String, String> latestDeployments = new ConcurrentHashMap<>();

    private ControllersBenchmark(String base, String pid, Path etc) {
        this.base = base;
        this.pid = pid;
        this.etc = etc;
    }

    public static void main(String[] args) throws Exception {
        ControllersBenchmark b = new ControllersBenchmark(args[0], args[1], Path.of(args[2]));
        b.run(Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                args.length > 7 ? Integer.parseInt(args[7]) : 0);
    }

    private void run(int nodes, int deployments, int replicas, int threads, int warmup) throws Exception {
        startFleet(nodes);
        if (warmup > 0) {
            warmUp(warmup, replicas, threads);
        }
        send("POST", "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + NS + "\"}}");
        int pods = deployments * replicas;
        Thread watcher = new Thread(this::watchDeployments, "deployments-watch");
        watcher.setDaemon(true);
        watcher.start();

        Map<String, Long> reconciles0 = reconciles();
        Map<String, Long> requests0 = requests();
        long cpu0 = cpuTicks();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        parallel(pool, deployments, i -> send("POST", "/apis/apps/v1/namespaces/" + NS + "/deployments", deployment(i, replicas)));
        double created = secondsSince(t0);
        System.out.printf("created %d Deployments × %d replicas in %.1f s (%.0f/s, %d client threads)%n", deployments,
                replicas, created, deployments / created, threads);
        double firstHalf = awaitRollout(t0, deployments, replicas, 1, pods / 2);
        double all = awaitRollout(t0, deployments, replicas, 1, pods);
        report("create", t0, cpu0, reconciles0, requests0, pods, firstHalf, all);

        reconciles0 = reconciles();
        requests0 = requests();
        cpu0 = cpuTicks();
        t0 = System.nanoTime();
        parallel(pool, deployments, i -> send("PATCH", "/apis/apps/v1/namespaces/" + NS + "/deployments/d" + i,
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"busybox:2\"}]}}}}"));
        System.out.printf("changed %d templates in %.1f s%n", deployments, secondsSince(t0));
        firstHalf = awaitRollout(t0, deployments, replicas, 2, pods / 2);
        all = awaitRollout(t0, deployments, replicas, 2, pods);
        report("rolling update", t0, cpu0, reconciles0, requests0, pods, firstHalf, all);
        pool.shutdownNow();
        long[] memory = memory();
        System.out.printf("server at the end: heap after GC %d MiB, RSS %d MiB%n", memory[0] >> 20, memory[1] >> 20);
    }

    private void report(String phase, long t0, long cpu0, Map<String, Long> reconciles0, Map<String, Long> requests0,
                        int pods, double half, double all) throws Exception {
        double cpu = (cpuTicks() - cpu0) / 100.0;
        Map<String, Long> reconciles = reconciles();
        StringBuilder rates = new StringBuilder();
        for (String controller : List.of("deployment", "replicaset")) {
            long n = reconciles.getOrDefault(controller, 0L) - reconciles0.getOrDefault(controller, 0L);
            rates.append(String.format(" %s %d (%.0f/s)", controller, n, n / all));
        }
        System.out.printf("%s: half of %d pods available after %.1f s, all after %.1f s; reconciles%s; server CPU %.1f s "
                + "(%.0f%% of the machine's %d cores)%n", phase, pods, half, all, rates, cpu,
                100 * cpu / all / Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors());
        Map<String, Long> requests = requests();
        StringBuilder perPod = new StringBuilder();
        requests.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - requests0.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() >= pods / 10)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> perPod.append(String.format(" %s %.2f,", e.getKey(), e.getValue() / (double) pods)));
        System.out.printf("%s: API requests per pod:%s%n", phase, perPod.length() == 0 ? " none" : perPod.substring(0,
                perPod.length() - 1));
    }

    /**
     * Not measured: {@code count} Deployments in a namespace of their own until their pods run, then
     * the namespace deleted until its pods are gone and the server is quiet. A fresh JVM spends a
     * quarter of the two cores in the JIT compiler during the first ~100 s (C2 threads, per-thread
     * CPU from /proc), which the measured phases would otherwise pay.
     */
    private void warmUp(int count, int replicas, int threads) throws Exception {
        long t0 = System.nanoTime();
        String ns = "warmup";
        send("POST", "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            parallel(pool, count, i -> send("POST", "/apis/apps/v1/namespaces/" + ns + "/deployments", deployment(i, replicas)));
        } finally {
            pool.shutdownNow();
        }
        String pods = "/api/v1/namespaces/" + ns + "/pods";
        awaitCount(pods, READY, count * replicas, "warm-up pods ready");
        send("DELETE", "/api/v1/namespaces/" + ns, "");
        awaitCount(pods, POD_KIND, 0, "warm-up pods gone");
        long quiet = cpuTicks();
        do { // until the server takes less than a fifth of one core for 2 s
            Thread.sleep(2000);
            long now = cpuTicks();
            if (now - quiet < 40) {
                break;
            }
            quiet = now;
        } while (secondsSince(t0) < 1200);
        System.out.printf("warm-up: %d Deployments × %d replicas created, ready and deleted in %.1f s (not measured)%n",
                count, replicas, secondsSince(t0));
    }

    /** Polls {@code path} until {@code pattern} occurs exactly {@code count} times ({@code >= count} unless 0). */
    private void awaitCount(String path, Pattern pattern, int count, String what) throws Exception {
        long t0 = System.nanoTime();
        while (true) {
            long n = pattern.matcher(get(path)).results().count();
            if (count == 0 ? n == 0 : n >= count) {
                return;
            }
            if (secondsSince(t0) > 1200) {
                throw new IllegalStateException(what + ": " + n + " of " + count + " after 1200 s");
            }
            Thread.sleep(2000);
        }
    }

    private static String deployment(int i, int replicas) {
        return ("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d%d\"},\"spec\":{\"replicas\":%d,"
                + "\"selector\":{\"matchLabels\":{\"app\":\"d%d\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"d%d\"}},"
                + "\"spec\":{\"terminationGracePeriodSeconds\":0,\"containers\":[{\"name\":\"main\",\"image\":\"busybox:1\","
                + "\"resources\":{\"requests\":{\"cpu\":\"10m\",\"memory\":\"16Mi\"}}}]}}}}").formatted(i, replicas, i, i);
    }

    /**
     * Waits until the Deployments' status counts {@code pods} available and updated pods of
     * {@code generation} (none left of an older template when all are asked for).
     *
     * @return seconds since {@code t0}
     */
    private double awaitRollout(long t0, int deployments, int replicas, int generation, int pods) throws Exception {
        while (true) {
            int available = 0;
            int updated = 0;
            int complete = 0;
            for (String item : latestDeployments.values()) {
                int observed = last(OBSERVED, item);
                int updatedHere = observed == generation ? last(UPDATED, item) : 0;
                int availableHere = last(AVAILABLE, item);
                available += Math.min(availableHere, updatedHere);
                updated += updatedHere;
                if (updatedHere == replicas && availableHere == replicas && last(REPLICAS, item) == replicas) {
                    complete++;
                }
            }
            boolean enough = pods < deployments * replicas ? available >= pods : complete == deployments;
            if (enough) {
                return secondsSince(t0);
            }
            if (secondsSince(t0) > 1800) {
                throw new IllegalStateException("after 1800 s: " + available + " updated pods available, " + updated
                        + " updated, " + complete + " Deployments complete");
            }
            Thread.sleep(200);
        }
    }

    /** Keeps {@link #latestDeployments} current: a list, then a watch from its revision; again when the watch ends. */
    private void watchDeployments() {
        String path = "/apis/apps/v1/namespaces/" + NS + "/deployments";
        while (true) {
            try {
                String list = get(path);
                for (String item : list.split(ITEM)) {
                    Matcher name = NAME.matcher(item);
                    if (name.find()) {
                        latestDeployments.put(name.group(1), item);
                    }
                }
                Matcher revision = LIST_REVISION.matcher(list);
                if (!revision.find()) {
                    throw new IllegalStateException("no resourceVersion in the list of Deployments");
                }
                HttpResponse<java.util.stream.Stream<String>> watch = http.send(HttpRequest.newBuilder(URI.create(
                        base + path + "?watch=true&resourceVersion=" + revision.group(1))).GET().build(),
                        HttpResponse.BodyHandlers.ofLines());
                watch.body().forEach(event -> {
                    Matcher name = NAME.matcher(event);
                    if (name.find()) {
                        latestDeployments.put(name.group(1), event);
                    }
                });
            } catch (Exception e) {
                System.err.println("watch of Deployments: " + e + "; watching again");
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** The last value of an integer field in one list item (the status comes after the spec), 0 when absent. */
    private static int last(Pattern p, String item) {
        Matcher m = p.matcher(item);
        int value = 0;
        while (m.find()) {
            value = Integer.parseInt(m.group(1));
        }
        return value;
    }

    private void startFleet(int nodes) throws Exception {
        long t0 = System.nanoTime();
        Path tmp = etc.resolve("orchestrator.kubelet.hollow.cfg.tmp");
        Files.writeString(tmp, String.join("\n", "count=" + nodes, "namePrefix=hollow-", "capacityCpu=32",
                "capacityMemory=64Gi", "maxPods=110", ""));
        Files.move(tmp, etc.resolve("orchestrator.kubelet.hollow.cfg"));
        while (true) {
            int ready = (int) READY.matcher(get("/api/v1/nodes")).results().count();
            if (ready >= nodes) {
                break;
            }
            if (secondsSince(t0) > 600) {
                throw new IllegalStateException("only " + ready + " of " + nodes + " nodes Ready after 600 s");
            }
            Thread.sleep(1000);
        }
        System.out.printf("%d hollow nodes Ready after %.1f s%n", nodes, secondsSince(t0));
    }

    private Map<String, Long> reconciles() throws Exception {
        Map<String, Long> byController = new TreeMap<>();
        Matcher m = RECONCILES.matcher(get("/metrics"));
        while (m.find()) {
            byController.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
        }
        return byController;
    }

    /** The API server's request counts so far, by verb and resource (and subresource). */
    private Map<String, Long> requests() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        Matcher m = REQUESTS.matcher(get("/metrics"));
        while (m.find()) {
            Map<String, String> labels = new TreeMap<>();
            Matcher label = LABEL.matcher(m.group(1));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            String sub = labels.getOrDefault("subresource", "");
            String key = labels.get("verb") + " " + labels.get("resource") + (sub.isEmpty() ? "" : "/" + sub);
            counts.merge(key, Long.parseLong(m.group(2)), Long::sum);
        }
        return counts;
    }

    interface Call {
        int call(int i) throws Exception;
    }

    private static void parallel(ExecutorService pool, int count, Call call) throws Exception {
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            results.add(pool.submit(() -> call.call(n)));
        }
        for (Future<Integer> f : results) {
            int code = f.get();
            if (code >= 300) {
                throw new IllegalStateException("HTTP " + code);
            }
        }
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private int send(String method, String path, String body) throws Exception {
        String type = "PATCH".equals(method) ? "application/strategic-merge-patch+json" : "application/json";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300 && r.statusCode() != 409) {
            System.err.println(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.statusCode() == 409 ? 200 : r.statusCode();
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private long cpuTicks() throws Exception {
        String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ", 2)[1].split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Heap used after a full GC and RSS, in bytes. */
    private long[] memory() throws Exception {
        new ProcessBuilder("jcmd", pid, "GC.run").start().waitFor();
        Process info = new ProcessBuilder("jcmd", pid, "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(info.getInputStream().readAllBytes());
        info.waitFor();
        Matcher used = Pattern.compile("used (\\d+)K").matcher(out);
        long heap = used.find() ? Long.parseLong(used.group(1)) * 1024 : -1;
        long rss = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElse(-1);
        return new long[] {heap, rss};
    }
}
