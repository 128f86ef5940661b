package dev.orchestrator.bench.hollow;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hollow node fleet benchmark against a running all-in-one (started by run.sh without a fleet):
 * measures the server's heap and RSS, writes the fleet configuration, waits until every node is
 * Ready and its lease renewed twice, measures the idle cost of N heart-beating nodes over a window
 * (CPU from /proc/PID/stat, lease renewals/s), heap and RSS again, then creates pods and measures
 * how fast they are Running, and finally removes the fleet to see the kubelets' own heap share.
 *
 * <p>Arguments: base URL, server PID, etc dir, nodes, pods, idle seconds.
 */
public final class HollowNodesBenchmark {

    private static final Pattern RENEW = Pattern.compile("\"renewTime\":\"([^\"]+)\"");
    private static final Pattern READY = Pattern.compile("\"status\":\"True\",\"type\":\"Ready\"|\"type\":\"Ready\",\"status\":\"True\"");
    private static final Pattern RUNNING = Pattern.compile("\"phase\":\"Running\"");
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String pid;
    private final Path etc;
    private final int nodes;

    private HollowNodesBenchmark(String base, String pid, Path etc, int nodes) {
        this.base = base;
        this.pid = pid;
        this.etc = etc;
        this.nodes = nodes;
    }

    public static void main(String[] args) throws Exception {
        HollowNodesBenchmark b = new HollowNodesBenchmark(args[0], args[1], Path.of(args[2]), Integer.parseInt(args[3]));
        b.run(Integer.parseInt(args[4]), Integer.parseInt(args[5]), args.length > 6 ? args[6] : "");
    }

    private void run(int pods, int idleSeconds, String extraFleetConfig) throws Exception {
        long[] before = memory();
        System.out.printf("server without nodes: heap after GC %d MiB, RSS %d MiB, threads %d%n", before[0] >> 20,
                before[1] >> 20, threads());
        long t0 = System.nanoTime();
        Files.writeString(etc.resolve("orchestrator.kubelet.hollow.cfg.tmp"), String.join("\n", "count=" + nodes,
                "namePrefix=hollow-", "capacityCpu=8", "capacityMemory=32Gi", "maxPods=110", extraFleetConfig, ""));
        Files.move(etc.resolve("orchestrator.kubelet.hollow.cfg.tmp"), etc.resolve("orchestrator.kubelet.hollow.cfg"));
        int ready = 0;
        double firstReady = -1;
        while (ready < nodes) {
            Thread.sleep(1000);
            String list = get("/api/v1/nodes?labelSelector=node.orchestrator.dev%2Fhollow%3Dtrue");
            ready = count(READY, list);
            if (ready > 0 && firstReady < 0) {
                firstReady = secondsSince(t0);
            }
            if (secondsSince(t0) > 900) {
                throw new IllegalStateException("only " + ready + " of " + nodes + " nodes Ready after 900 s");
            }
        }
        double allReady = secondsSince(t0);
        System.out.printf("nodes: first Ready after %.1f s, all %d Ready after %.1f s (config written at 0; "
                + "FileInstall polls every 2 s) = %.0f nodes/s%n", firstReady, nodes, allReady, nodes / allReady);

        Map<String, Set<String>> renewals = new HashMap<>();
        while (true) {
            pollLeases(renewals);
            long renewedTwice = renewals.values().stream().filter(s -> s.size() >= 3).count();
            if (renewedTwice >= nodes) {
                break;
            }
            if (secondsSince(t0) > 1200) {
                throw new IllegalStateException("only " + renewedTwice + " leases renewed twice");
            }
            Thread.sleep(2000);
        }
        System.out.printf("leases: all %d renewed at least twice after %.1f s%n", nodes, secondsSince(t0));

        // idle: N nodes heart-beating, no pods
        int before0 = renewals.values().stream().mapToInt(Set::size).sum();
        long cpu0 = cpuTicks();
        long w0 = System.nanoTime();
        while (secondsSince(w0) < idleSeconds) {
            Thread.sleep(2000);
            pollLeases(renewals);
        }
        double window = secondsSince(w0);
        long cpu = cpuTicks() - cpu0;
        int renewed = renewals.values().stream().mapToInt(Set::size).sum() - before0;
        System.out.printf("idle %.0f s with %d nodes: server CPU %.1f%% of one core (%.2f s), lease renewals %.1f/s "
                + "(expected %.1f/s)%n", window, nodes, 100.0 * cpu / 100 / window, cpu / 100.0, renewed / window,
                nodes / 10.0);

        long[] with = memory();
        System.out.printf("server with %d nodes: heap after GC %d MiB, RSS %d MiB, threads %d%n", nodes, with[0] >> 20,
                with[1] >> 20, threads());
        System.out.printf("per hollow node (kubelet + runtime + its API objects): heap %.1f KiB, RSS %.1f KiB%n",
                (with[0] - before[0]) / 1024.0 / nodes, (with[1] - before[1]) / 1024.0 / nodes);

        long[] withPods = pods > 0 ? pods(pods) : with;

        Files.delete(etc.resolve("orchestrator.kubelet.hollow.cfg"));
        Thread.sleep(15000);
        long[] after = memory();
        System.out.printf("after removing the fleet (Node and Lease objects stay in the API): heap after GC %d MiB, "
                + "RSS %d MiB, threads %d; kubelet side per node (with its pods): heap %.1f KiB%n", after[0] >> 20, after[1] >> 20,
                threads(), (withPods[0] - after[0]) / 1024.0 / nodes);
    }

    private long[] pods(int pods) throws Exception {
        send("POST", "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"hollow-bench\"}}");
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < pods; i++) {
            String body = """
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p-%d"},"spec":{"terminationGracePeriodSeconds":0,
                     "containers":[{"name":"main","image":"busybox:1","command":["sleep","3600"],
                     "resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}""".formatted(i);
            pool.execute(() -> {
                try {
                    if (send("POST", "/api/v1/namespaces/hollow-bench/pods", body) >= 300) {
                        failed.incrementAndGet();
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        double created = secondsSince(t0);
        int running = 0;
        while (running < pods - failed.get()) {
            Thread.sleep(500);
            running = count(RUNNING, get("/api/v1/namespaces/hollow-bench/pods"));
            if (secondsSince(t0) > 900) {
                throw new IllegalStateException("only " + running + " pods Running after 900 s");
            }
        }
        double all = secondsSince(t0);
        System.out.printf("pods: %d created in %.1f s (%d failed), all Running after %.1f s = %.0f pods/s to Running%n",
                pods, created, failed.get(), all, running / all);
        long[] m = memory();
        System.out.printf("server with %d nodes and %d pods: heap after GC %d MiB, RSS %d MiB%n", nodes, running,
                m[0] >> 20, m[1] >> 20);
        return m;
    }

    private void pollLeases(Map<String, Set<String>> renewals) throws Exception {
        String list = get("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases");
        for (String item : list.split("\\{\"metadata\":\\{|,\\{\"apiVersion\"")) {
            Matcher n = Pattern.compile("\"name\":\"(hollow-\\d+)\"").matcher(item);
            Matcher r = RENEW.matcher(item);
            if (n.find() && r.find()) {
                renewals.computeIfAbsent(n.group(1), k -> new HashSet<>()).add(r.group(1));
            }
        }
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private int send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private static int count(Pattern p, String s) {
        Matcher m = p.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** utime + stime of the server in clock ticks (USER_HZ = 100 on Linux). */
    private long cpuTicks() throws Exception {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private long threads() throws Exception {
        return status("Threads:");
    }

    private long status(String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /** {heap used after a full GC, RSS} in bytes. */
    private long[] memory() throws Exception {
        jcmd("GC.run");
        jcmd("GC.run");
        Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
        long heap = m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
        return new long[] {heap, status("VmRSS:") * 1024};
    }

    private String jcmd(String command) throws Exception {
        Process p = new ProcessBuilder(List.of("jcmd", pid, command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        return out;
    }
}
