package dev.orchestrator.bench.apiserver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What one sequential client sees (kubectl apply of many objects, a script, a controller creating pods one by
 * one): one keep-alive connection, each request sent when the previous answered. ConfigMap and pod creates,
 * with and without dry run; pods once for the default scheduler (which binds each on a node while the next
 * create arrives) and once for a scheduler nobody runs.
 */
public final class SequentialClientBenchmark {

    private SequentialClientBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        HttpClient http = BenchTls.configure(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))).build();
        System.out.println();
        System.out.println("| one sequential client | ops | ops/s | p50 ms | p90 ms | p99 ms | server CPU ms/op "
                + "| client CPU ms/op |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        run(http, url, count).forEach(System.out::println);
    }

    static List<String> run(HttpClient http, String url, int count) throws Exception {
        send(http, url + "/api/v1/namespaces", "{\"metadata\":{\"name\":\"seq\"}}");
        send(http, url + "/api/v1/nodes", "{\"metadata\":{\"name\":\"seq-node\"},\"status\":{\"allocatable\":"
                + "{\"cpu\":\"1000\",\"memory\":\"4Ti\",\"pods\":\"1000000\"},\"capacity\":{\"cpu\":\"1000\","
                + "\"memory\":\"4Ti\",\"pods\":\"1000000\"},\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
        heartbeat(url, "seq-node");
        String configMaps = url + "/api/v1/namespaces/seq/configmaps";
        String pods = url + "/api/v1/namespaces/seq/pods";
        // warm both JVMs' paths, unmeasured; the scheduler's (its cycle, binding and event) too, or its compilation
        // would share the cores with the measured creates
        int[] warmed = {0};
        CpuMeter cpu = new CpuMeter();
        String warmUp = cpu.warmUntilTheJitSettles(() -> {
            for (int end = warmed[0] + 1000; warmed[0] < end; warmed[0]++) {
                send(http, configMaps, configMap("warm-" + warmed[0]));
                send(http, pods, pod("warm-" + warmed[0], "foreign-scheduler"));
                send(http, pods, pod("warm-bound-" + warmed[0], "default-scheduler"));
            }
            removeAll(http, configMaps, pods);
        }, 30);
        System.err.println("warm-up: " + warmUp);
        List<String> rows = new ArrayList<>();
        rows.add(row(cpu, http, "ConfigMap create", configMaps, count, i -> configMap("cm-" + i)));
        rows.add(row(cpu, http, "ConfigMap create, dryRun=All", configMaps + "?dryRun=All", count,
                i -> configMap("dry-" + i)));
        // the server's CPU of this row includes the scheduler's work for each pod: its cycle, binding and event
        rows.add(row(cpu, http, "pod create, default scheduler binding it", pods, count,
                i -> pod("bound-" + i, "default-scheduler")));
        rows.add(row(cpu, http, "pod create, a scheduler nobody runs", pods, count,
                i -> pod("held-" + i, "foreign-scheduler")));
        rows.add(row(cpu, http, "pod create, dryRun=All", pods + "?dryRun=All", count,
                i -> pod("dry-" + i, "default-scheduler")));
        return rows;
    }

    /**
     * Deletes the objects a round or phase created, unmeasured: kept, the warm-up's ~40,000 objects filled the 1 GiB
     * heap enough that G1's marking took a tenth of the server's CPU in the measured phases, and the default scheduler
     * held ~15,000 pods on the one node.
     */
    private static void removeAll(HttpClient http, String configMaps, String pods) {
        request(http, "DELETE", configMaps, "application/json", "");
        // no kubelet here to finish a graceful deletion
        request(http, "DELETE", pods + "?gracePeriodSeconds=0", "application/json", "");
    }

    private interface Body {
        String of(int i);
    }

    /**
     * One row: a quarter of {@code count} unmeasured requests of the same kind first. After a phase of another kind
     * C2 recompiles the request path for the new mix (a compilation log showed ~30 recompilations, ApiServlet.resource
     * and ObjectWrites.create among them, in the first seconds of the bound-pod phase, the compiler thread then at a
     * fifth to a third of the server's CPU); a server that has run this mix for a while has long done that.
     */
    private static String row(CpuMeter cpu, HttpClient http, String what, String collection, int count, Body body)
            throws Exception {
        for (int i = 0; i < count / 4; i++) {
            send(http, collection, body.of(count + i));
        }
        return cpu.measure(() -> List.of(phase(http, what, collection, count, body))).get(0);
    }

    private static String phase(HttpClient http, String what, String collection, int count, Body body) {
        long[] latencies = new long[count];
        int errors = 0;
        System.err.println(Instant.now() + " phase starts: " + what); // for profilers to attach
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String request = body.of(i);
            long sent = System.nanoTime();
            errors += send(http, collection, request) == 201 ? 0 : 1;
            latencies[i] = System.nanoTime() - sent;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Percentiles p = new Percentiles(latencies, count);
        return String.format("| %s%s | %d | %.0f | %.2f | %.2f | %.2f |", what,
                errors > 0 ? " (errors " + errors + ")" : "", count, count / seconds, p.ms(50), p.ms(90), p.ms(99));
    }

    private static String configMap(String name) {
        return "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"seq\"}},\"data\":{\"key\":\"value\"}}";
    }

    private static String pod(String name, String scheduler) {
        // tolerating everything, should the node's heartbeat (this benchmark's) ever be late
        return "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"seq\"}},\"spec\":{\"schedulerName\":\""
                + scheduler + "\",\"tolerations\":[{\"operator\":\"Exists\"}],\"containers\":[{\"name\":\"c\","
                + "\"image\":\"busybox:1\",\"resources\":{\"requests\":{\"cpu\":\"10m\",\"memory\":\"16Mi\"}}}]}}";
    }

    /**
     * Renews the node's Lease every 10 s on a connection of its own, as a kubelet does: a node that stops renewing is
     * marked unreachable after 40 s, and the node lifecycle controller then writes every pod bound to it NotReady, one
     * more write per measured pod that no healthy cluster makes.
     */
    private static void heartbeat(String url, String node) {
        HttpClient own = BenchTls.configure(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))).build();
        String lease = url + "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";
        Thread renewing = new Thread(() -> {
            boolean created = false;
            while (true) {
                String now = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
                        .format(LocalDateTime.now(ZoneOffset.UTC));
                String spec = "{\"holderIdentity\":\"" + node + "\",\"leaseDurationSeconds\":40,\"renewTime\":\"" + now
                        + "\"}";
                created = created ? patch(own, lease + "/" + node, "{\"spec\":" + spec + "}") == 200
                        : send(own, lease, "{\"metadata\":{\"name\":\"" + node + "\"},\"spec\":" + spec + "}") == 201;
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "node-heartbeat");
        renewing.setDaemon(true);
        renewing.start();
    }

    private static int send(HttpClient http, String url, String body) {
        return request(http, "POST", url, "application/json", body);
    }

    private static int patch(HttpClient http, String url, String body) {
        return request(http, "PATCH", url, "application/merge-patch+json", body);
    }

    private static int request(HttpClient http, String method, String url, String contentType, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
