package dev.orchestrator.client;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Writes whose answer the caller does not read, sent with a client's own HTTP client (its
 * connections, credentials and token refresh) and not decoded into model objects. fabric8's
 * DSL decodes every answer, and reads the object first for a patch by name: a kubelet's pod
 * status patch cost a GET and the decoding of two whole pods, a pod event the decoding of the
 * Event — on a busy all-in-one more CPU than the API server spent on those requests.
 */
public final class UndecodedWrites {

    /** The answer to a write: HTTP status and body (a {@code Status} when it failed). */
    public record Answer(int code, String body) {
        public boolean ok() {
            return code >= 200 && code < 300;
        }
    }

    private final HttpClient http;
    private final String base;

    public UndecodedWrites(KubernetesClient client) {
        this.http = client.getHttpClient();
        String url = client.getMasterUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** POSTs {@code json} to {@code path} (from the server's root: {@code /api/v1/…}). */
    public CompletableFuture<Answer> post(String path, String json) {
        return send(http.newHttpRequestBuilder().uri(base + path).post("application/json", json).build());
    }

    /** PATCHes {@code path} with {@code patch} of {@code contentType} (e.g. {@code application/merge-patch+json}). */
    public CompletableFuture<Answer> patch(String path, String contentType, String patch) {
        return send(http.newHttpRequestBuilder().uri(base + path).patch(contentType, patch).build());
    }

    /** DELETEs {@code path} with {@code deleteOptions} (JSON {@code DeleteOptions}: preconditions, grace period). */
    public CompletableFuture<Answer> delete(String path, String deleteOptions) {
        return send(http.newHttpRequestBuilder().uri(base + path).delete("application/json", deleteOptions).build());
    }

    /** The path of a namespaced object of the core group: {@code /api/v1/namespaces/NS/PLURAL/NAME}. */
    public static String core(String namespace, String plural, String name) {
        return "/api/v1/namespaces/" + namespace + "/" + plural + (name == null ? "" : "/" + name);
    }

    private CompletableFuture<Answer> send(HttpRequest request) {
        return http.sendAsync(request, String.class).thenApply((HttpResponse<String> r) -> new Answer(r.code(), r.body()));
    }
}
