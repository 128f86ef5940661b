package dev.orchestrator.kubelet.internal;

import dev.orchestrator.client.UndecodedWrites;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells users what the kubelet did to their pods and its node: core/v1 Events as {@code kubectl
 * describe} shows them (Pulling, Pulled, Created, Started, Killing, BackOff, Failed…). A repeat of
 * the same reason and message for the same object raises the first event's count instead of
 * adding a new event. Writes are asynchronous on a bounded executor and dropped when the API is
 * slow: events are advice, never state.
 */
final class KubeletEvents {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletEvents.class);

    private final KubernetesClient client;
    private final String node;
    private final ExecutorService writer;
    private final UndecodedWrites writes;
    /** (object uid, reason, message) → the event posted for it and how often. */
    private final Map<String, Posted> posted = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Posted> eldest) {
            return size() > 4096;
        }
    };

    private record Posted(String namespace, String name, int count) {
    }

    KubeletEvents(KubernetesClient client, String node, ExecutorService writer) {
        this.client = client;
        this.node = node;
        this.writer = writer;
        this.writes = new UndecodedWrites(client);
    }

    void normal(HasMetadata about, String reason, String message) {
        record(about, "Normal", reason, message);
    }

    void warning(HasMetadata about, String reason, String message) {
        record(about, "Warning", reason, message);
    }

    private void record(HasMetadata about, String type, String reason, String message) {
        ObjectMeta meta = about.getMetadata();
        String key = meta.getUid() + "\u0000" + reason + "\u0000" + message;
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Posted previous;
        Posted next;
        synchronized (posted) {
            previous = posted.get(key);
            next = previous == null
                    ? new Posted(namespaceOf(about), meta.getName() + "." + Long.toHexString(System.nanoTime()), 1)
                    : new Posted(previous.namespace(), previous.name(), previous.count() + 1);
            posted.put(key, next);
        }
        String events = UndecodedWrites.core(next.namespace(), "events", null);
        Supplier<CompletableFuture<UndecodedWrites.Answer>> write = previous == null
                ? () -> writes.post(events, client.getKubernetesSerialization().asJson(
                        event(about, next, type, reason, message, now)))
                : () -> writes.patch(events + "/" + next.name(), "application/merge-patch+json",
                        "{\"count\":" + next.count() + ",\"lastTimestamp\":\"" + now + "\"}");
        try {
            writer.execute(() -> {
                try {
                    UndecodedWrites.Answer answer = write.get().join();
                    if (answer.code() == 404) {
                        synchronized (posted) {
                            posted.remove(key); // the event expired: the next repeat writes a new one
                        }
                    } else if (!answer.ok()) {
                        LOG.debug("event not written reason={} object={} code={}", reason, meta.getName(), answer.code());
                    }
                } catch (RuntimeException e) {
                    LOG.debug("event not written reason={} object={} error={}", reason, meta.getName(), e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("event dropped reason={} object={}", reason, meta.getName());
        }
    }

    private static String namespaceOf(HasMetadata about) {
        String ns = about.getMetadata().getNamespace();
        return ns == null || ns.isEmpty() ? "default" : ns; // events about cluster-scoped objects (Nodes)
    }

    private Event event(HasMetadata about, Posted posted, String type, String reason, String message, String now) {
        ObjectMeta meta = about.getMetadata();
        ObjectMeta eventMeta = new ObjectMeta();
        eventMeta.setName(posted.name());
        eventMeta.setNamespace(posted.namespace());
        ObjectReference ref = new ObjectReference();
        ref.setKind(about.getKind());
        ref.setApiVersion(about.getApiVersion());
        ref.setNamespace(meta.getNamespace());
        ref.setName(meta.getName());
        ref.setUid(meta.getUid());
        Event event = new Event();
        event.setMetadata(eventMeta);
        event.setInvolvedObject(ref);
        event.setType(type);
        event.setReason(reason);
        event.setMessage(message);
        event.setSource(new EventSource("kubelet", node));
        event.setReportingComponent("kubelet");
        event.setReportingInstance(node);
        event.setFirstTimestamp(now);
        event.setLastTimestamp(now);
        event.setCount(1);
        return event;
    }
}
