package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.api.controller.Events;
import dev.orchestrator.client.UndecodedWrites;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a controller's core/v1 events on the runtime's event thread, aggregated as Kubernetes'
 * event correlator does: a repeat of the same object, type, reason and message raises the count
 * of the event written before (a merge patch of {@code count} and {@code lastTimestamp}) instead
 * of adding one; and once an object has had ten events of one type and reason with
 * different messages within ten minutes (e.g. FailedCreate naming each refused pod),
 * further ones go into a single event "(combined from similar events): …" whose count grows. So a
 * key failing in back-off leaves a bounded number of events. The writer's queue is bounded;
 * beyond it events are dropped and counted, never waited for.
 */
final class ApiEvents implements Events {

    private record Series(String uid, String type, String reason, String message) {
    }

    private record Written(String namespace, String name, int count) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ApiEvents.class);
    private static final int REMEMBERED = 4096;

    private final KubernetesClient client;
    private final String component;
    private final ExecutorService writer;
    private final UndecodedWrites writes;
    private final AtomicLong dropped;
    private final Map<Series, Written> written = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Series, Written> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final SimilarEvents similar = new SimilarEvents(REMEMBERED, System::nanoTime);

    /**
     * @param component the event source, e.g. {@code replicaset-controller}
     * @param writer a single thread with a bounded queue, shared by the runtime's controllers
     */
    ApiEvents(KubernetesClient client, String component, ExecutorService writer, AtomicLong dropped) {
        this.client = client;
        this.component = component;
        this.writer = writer;
        this.writes = new UndecodedWrites(client);
        this.dropped = dropped;
    }

    @Override
    public void normal(HasMetadata involved, String reason, String message) {
        record(involved, "Normal", reason, message);
    }

    @Override
    public void warning(HasMetadata involved, String reason, String message) {
        record(involved, "Warning", reason, message);
    }

    private void record(HasMetadata involved, String type, String reason, String message) {
        Objects.requireNonNull(involved, "involved");
        try {
            writer.execute(() -> write(involved, type, reason, message));
        } catch (RejectedExecutionException full) {
            dropped.incrementAndGet();
        }
    }

    private void write(HasMetadata involved, String type, String reason, String original) {
        String message = similar.message(involved.getMetadata().getUid() + "/" + type + "/" + reason, original);
        Series series = new Series(involved.getMetadata().getUid(), type, reason,
                SimilarEvents.combined(message) ? "(combined)" : message);
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Written before;
        synchronized (written) {
            before = written.get(series);
        }
        try {
            if (before != null && increment(before, now, message)) {
                synchronized (written) {
                    written.put(series, new Written(before.namespace(), before.name(), before.count() + 1));
                }
                return;
            }
            Event event = create(involved, type, reason, message, now);
            synchronized (written) {
                written.put(series, new Written(event.getMetadata().getNamespace(), event.getMetadata().getName(), 1));
            }
        } catch (RuntimeException e) {
            dropped.incrementAndGet();
            LOG.debug("could not write an event reason={} object={} error={}", reason, involved.getMetadata().getName(),
                    e.getMessage());
        }
    }

    /** False when the earlier event is gone (expired, deleted): a new one is written. */
    private boolean increment(Written before, String now, String message) {
        String patch = client.getKubernetesSerialization().asJson(
                Map.of("count", before.count() + 1, "lastTimestamp", now, "message", message));
        UndecodedWrites.Answer answer = writes.patch(UndecodedWrites.core(before.namespace(), "events", before.name()),
                "application/merge-patch+json", patch).join();
        if (answer.code() == 404) {
            return false;
        }
        requireOk(answer);
        return true;
    }

    private static void requireOk(UndecodedWrites.Answer answer) {
        if (!answer.ok()) {
            throw new IllegalStateException("HTTP " + answer.code() + ": " + answer.body());
        }
    }

    private Event create(HasMetadata involved, String type, String reason, String message, String now) {
        String namespace = involved.getMetadata().getNamespace();
        namespace = namespace == null || namespace.isEmpty() ? "default" : namespace;
        Event event = new EventBuilder()
                .withNewMetadata()
                    .withNamespace(namespace)
                    .withName(involved.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(involved.getApiVersion()).withKind(involved.getKind())
                        .withNamespace(involved.getMetadata().getNamespace()).withName(involved.getMetadata().getName())
                        .withUid(involved.getMetadata().getUid())
                        .withResourceVersion(involved.getMetadata().getResourceVersion()).build())
                .withType(type).withReason(reason).withMessage(message)
                .withNewSource().withComponent(component).endSource()
                .withReportingComponent(component)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
        requireOk(writes.post(UndecodedWrites.core(namespace, "events", null),
                client.getKubernetesSerialization().asJson(event)).join());
        return event;
    }
}
