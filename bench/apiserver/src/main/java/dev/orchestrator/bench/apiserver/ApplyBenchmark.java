package dev.orchestrator.bench.apiserver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Server-side apply of a Deployment with 100 containers (each with a port and an env var; 0 replicas, so
 * no pods follow), one apply after the other, each changing every container's image: the latency of
 * an apply that merges 100 list-map items and moves 100 fields' ownership.
 */
final class ApplyBenchmark {

    private ApplyBenchmark() {
    }

    static String run(HttpClient http, String url, int applies) throws Exception {
        send(http, url + "/api/v1/namespaces", "POST", "application/json", "{\"metadata\":{\"name\":\"applybench\"}}");
        String target = url + "/apis/apps/v1/namespaces/applybench/deployments/wide?fieldManager=bench";
        for (int i = 0; i < 20; i++) { // warm-up, unmeasured
            send(http, target, "PATCH", "application/apply-patch+yaml", deployment(i));
        }
        long[] latencies = new long[applies];
        int errors = 0;
        long start = System.nanoTime();
        for (int i = 0; i < applies; i++) {
            long sent = System.nanoTime();
            int code = send(http, target, "PATCH", "application/apply-patch+yaml", deployment(i));
            latencies[i] = System.nanoTime() - sent;
            errors += code == 200 || code == 201 ? 0 : 1;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Percentiles p = new Percentiles(latencies, applies);
        return String.format("| server-side apply, Deployment with 100 containers, 1 client%s | %d | %.0f | %.2f | %.2f | %.2f |",
                errors > 0 ? " (errors " + errors + ")" : "", p.count(), applies / seconds, p.ms(50), p.ms(99), p.ms(100));
    }

    private static String deployment(int round) {
        StringBuilder containers = new StringBuilder();
        for (int c = 0; c < 100; c++) {
            containers.append(c == 0 ? "" : ",").append("{\"name\":\"c").append(c).append("\",\"image\":\"busybox:1.")
                    .append(round % 2).append("\",\"ports\":[{\"containerPort\":").append(8000 + c)
                    .append("}],\"env\":[{\"name\":\"INDEX\",\"value\":\"").append(c).append("\"}]}");
        }
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"wide\"},\"spec\":{"
                + "\"replicas\":0,\"selector\":{\"matchLabels\":{\"app\":\"wide\"}},\"template\":{\"metadata\":"
                + "{\"labels\":{\"app\":\"wide\"}},\"spec\":{\"containers\":[" + containers + "]}}}}";
    }

    private static int send(HttpClient http, String url, String method, String contentType, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
