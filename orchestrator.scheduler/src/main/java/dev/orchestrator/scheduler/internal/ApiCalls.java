package dev.orchestrator.scheduler.internal;

import dev.orchestrator.client.UndecodedWrites;
import dev.orchestrator.client.UndecodedWrites.Answer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.CompletableFuture;

/**
 * The scheduler's writes to the API, asynchronous and without a thread per call: bindings,
 * pod status patches and events, their answers not decoded.
 */
final class ApiCalls {

    private final KubernetesClient client;
    private final UndecodedWrites writes;

    ApiCalls(KubernetesClient client) {
        this.client = client;
        this.writes = new UndecodedWrites(client);
    }

    /** POST pods/{name}/binding; 409 when the pod is bound already or being deleted. */
    CompletableFuture<Answer> bind(String namespace, String name, String uid, String node) {
        // written by hand on the hot path (one per pod): every value is a DNS name or a UID the API
        // server validated, so nothing needs escaping
        String binding = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"" + namespace + "\",\"uid\":\"" + uid + "\"},\"target\":{\"apiVersion\":\"v1\","
                + "\"kind\":\"Node\",\"name\":\"" + node + "\"}}";
        return writes.post(UndecodedWrites.core(namespace, "pods", name) + "/binding", binding);
    }

    /** Strategic merge patch of pods/{name}/status. */
    CompletableFuture<Answer> patchPodStatus(String namespace, String name, String patch) {
        return writes.patch(UndecodedWrites.core(namespace, "pods", name) + "/status",
                "application/strategic-merge-patch+json", patch);
    }

    /** DELETE of a pod, only while it is the pod of this uid (not one made again under its name). */
    CompletableFuture<Answer> deletePod(String namespace, String name, String uid) {
        return writes.delete(UndecodedWrites.core(namespace, "pods", name),
                "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"preconditions\":{\"uid\":\"" + uid + "\"}}");
    }

    CompletableFuture<Answer> createEvent(Event event) {
        return writes.post(UndecodedWrites.core(event.getMetadata().getNamespace(), "events", null), json(event));
    }

    CompletableFuture<Answer> patchEvent(String namespace, String name, String mergePatch) {
        return writes.patch(UndecodedWrites.core(namespace, "events", name), "application/merge-patch+json", mergePatch);
    }

    String json(Object value) {
        return client.getKubernetesSerialization().asJson(value);
    }
}
