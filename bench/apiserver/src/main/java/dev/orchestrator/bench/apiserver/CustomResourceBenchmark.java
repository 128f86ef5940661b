package dev.orchestrator.bench.apiserver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a structural schema costs: one client creating, getting and listing custom resources (a CRD whose
 * schema has typed fields, a pattern, an enum, bounds, a default and a list-map) beside ConfigMaps holding the
 * same data, in the same run. The custom resources are pruned, defaulted and validated on every create; the
 * ConfigMaps only get the built-in checks.
 */
final class CustomResourceBenchmark {

    private static final String CRD = """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
             "metadata":{"name":"widgets.bench.orchestrator.dev"},
             "spec":{"group":"bench.orchestrator.dev","scope":"Namespaced",
              "names":{"plural":"widgets","singular":"widget","kind":"Widget"},
              "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{
               "type":"object","properties":{"spec":{"type":"object","required":["name","size"],"properties":{
                "name":{"type":"string","pattern":"^[a-z0-9-]+$","maxLength":63},
                "size":{"type":"integer","minimum":1,"maximum":1000},
                "tier":{"type":"string","enum":["gold","silver","bronze"],"default":"bronze"},
                "labels":{"type":"object","additionalProperties":{"type":"string"}},
                "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                 "items":{"type":"object","required":["name"],"properties":{
                  "name":{"type":"string"},"port":{"type":"integer","minimum":1,"maximum":65535}}}}}}}}}}]}}
            """;

    private CustomResourceBenchmark() {
    }

    static List<String> run(HttpClient http, String url, int objects) throws Exception {
        send(http, url + "/api/v1/namespaces", "POST", "{\"metadata\":{\"name\":\"crbench\"}}");
        send(http, url + "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "POST", CRD);
        String widgets = url + "/apis/bench.orchestrator.dev/v1/namespaces/crbench/widgets";
        for (int i = 0; i < 100; i++) { // served once the CRD is established; also warms both paths
            if (send(http, widgets, "GET", null) == 200) {
                break;
            }
            Thread.sleep(100);
        }
        String configMaps = url + "/api/v1/namespaces/crbench/configmaps";
        for (int i = 0; i < 200; i++) {
            send(http, widgets, "POST", widget("warm-" + i));
            send(http, configMaps, "POST", configMap("warm-" + i));
        }
        List<String> rows = new ArrayList<>();
        rows.addAll(phases(http, widgets, "custom resource (Widget, schema)", objects, CustomResourceBenchmark::widget));
        rows.addAll(phases(http, configMaps, "ConfigMap (same data)", objects, CustomResourceBenchmark::configMap));
        return rows;
    }

    private interface Body {
        String of(String name);
    }

    private static List<String> phases(HttpClient http, String collection, String what, int objects, Body body) {
        long[] creates = new long[objects];
        long[] gets = new long[objects];
        int errors = 0;
        for (int i = 0; i < objects; i++) {
            long sent = System.nanoTime();
            errors += send(http, collection, "POST", body.of("o-" + i)) == 201 ? 0 : 1;
            creates[i] = System.nanoTime() - sent;
        }
        for (int i = 0; i < objects; i++) {
            long sent = System.nanoTime();
            errors += send(http, collection + "/o-" + i, "GET", null) == 200 ? 0 : 1;
            gets[i] = System.nanoTime() - sent;
        }
        int lists = 20;
        long[] listed = new long[lists];
        for (int i = 0; i < lists; i++) {
            long sent = System.nanoTime();
            errors += send(http, collection, "GET", null) == 200 ? 0 : 1;
            listed[i] = System.nanoTime() - sent;
        }
        String suffix = errors > 0 ? " (errors " + errors + ")" : "";
        return List.of(row(what + ": create, 1 client" + suffix, creates),
                row(what + ": get, 1 client", gets),
                row(what + ": list of " + (objects + 200), listed));
    }

    private static String row(String what, long[] latencies) {
        Percentiles p = new Percentiles(latencies, latencies.length);
        double total = 0;
        for (long l : latencies) {
            total += l / 1e9;
        }
        return String.format("| %s | %d | %.0f | %.2f | %.2f | %.2f |", what, p.count(), p.count() / total,
                p.ms(50), p.ms(99), p.ms(100));
    }

    private static String widget(String name) {
        return "{\"apiVersion\":\"bench.orchestrator.dev/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{\"name\":\"" + name + "\",\"size\":42,\"labels\":{\"team\":\"a\",\"app\":\"b\"},"
                + "\"ports\":[{\"name\":\"http\",\"port\":80},{\"name\":\"https\",\"port\":443}]}}";
    }

    private static String configMap(String name) {
        return "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"name\":\"" + name + "\",\"size\":\"42\","
                + "\"tier\":\"bronze\",\"labels\":\"team=a,app=b\",\"ports\":\"http:80,https:443\"}}";
    }

    private static int send(HttpClient http, String url, String method, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
            request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                    : request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
