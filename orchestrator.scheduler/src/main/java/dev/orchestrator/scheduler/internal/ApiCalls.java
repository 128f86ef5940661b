package dev.orchestrator.scheduler.internal;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * The scheduler's writes to the API, asynchronous and without a thread per call: bindings,
 * pod status patches and events. Built on the client's own HTTP client, so they share its
 * connections and configuration.
 */
final class ApiCalls {

    /** The answer to a write: HTTP status and body. */
    record Answer(int code, String body) {
        boolean ok() {
            return code >= 200 && code < 300;
        }
    }

    private final KubernetesClient client;
    private final HttpClient http;
    private final String base;

    ApiCalls(KubernetesClient client) {
        this.client = client;
        this.http = client.getHttpClient();
        String url = client.getMasterUrl().toString();
        this.base = url.endsWith("/") ? url : url + "/";
    }

    /** POST pods/{name}/binding; 409 when the pod is bound already or being deleted. */
    CompletableFuture<Answer> bind(String namespace, String name, String uid, String node) {
        // written by hand on the hot path (one per pod): every value is a DNS name or a UID the API
        // server validated, so nothing needs escaping
        String binding = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"" + namespace + "\",\"uid\":\"" + uid + "\"},\"target\":{\"apiVersion\":\"v1\","
                + "\"kind\":\"Node\",\"name\":\"" + node + "\"}}";
        return send(http.newHttpRequestBuilder().uri(pod(namespace, name) + "/binding")
                .post("application/json", binding).build());
    }

    /** Strategic merge patch of pods/{name}/status. */
    CompletableFuture<Answer> patchPodStatus(String namespace, String name, String patch) {
        return send(http.newHttpRequestBuilder().uri(pod(namespace, name) + "/status")
                .patch("application/strategic-merge-patch+json", patch).build());
    }

    CompletableFuture<Answer> createEvent(Event event) {
        return send(http.newHttpRequestBuilder()
                .uri(base + "api/v1/namespaces/" + event.getMetadata().getNamespace() + "/events")
                .post("application/json", json(event)).build());
    }

    CompletableFuture<Answer> patchEvent(String namespace, String name, String mergePatch) {
        return send(http.newHttpRequestBuilder().uri(base + "api/v1/namespaces/" + namespace + "/events/" + name)
                .patch("application/merge-patch+json", mergePatch).build());
    }

    String json(Object value) {
        return client.getKubernetesSerialization().asJson(value);
    }

    private String pod(String namespace, String name) {
        return base + "api/v1/namespaces/" + namespace + "/pods/" + name;
    }

    private CompletableFuture<Answer> send(HttpRequest request) {
        return http.sendAsync(request, String.class)
                .thenApply((HttpResponse<String> r) -> new Answer(r.code(), r.body()));
    }
}
