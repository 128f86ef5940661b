package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.scheduler.PodInfo;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells users what the scheduler did: core/v1 Events ("Scheduled", "FailedScheduling", shown by
 * {@code kubectl describe pod}) and the pod's PodScheduled=False condition. Never slows
 * scheduling: at most a bounded number of writes are in flight, the rest are dropped and counted
 * (the pod's own state, its binding, is never dropped). A repeat of the same failure for the same
 * pod raises the count of its event instead of making a new one.
 */
final class PodEvents {

    private static final Logger LOG = LoggerFactory.getLogger(PodEvents.class);

    private record Posted(String name, String message, int count) {
    }

    private final ApiCalls api;
    private final String component;
    private final Semaphore inFlight;
    private final AtomicLong dropped = new AtomicLong();
    /** Last failure event per pod uid, bounded (an optimisation only: losing it makes a new event). */
    private final Map<String, Posted> lastFailure = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Posted> eldest) {
            return size() > 10_000;
        }
    };

    PodEvents(ApiCalls api, String component, int maxInFlight) {
        this.api = api;
        this.component = component;
        this.inFlight = new Semaphore(maxInFlight);
    }

    void scheduled(PodInfo pod, String node) {
        Pod p = pod.pod();
        post(event(p, "Normal", "Scheduled", "Successfully assigned " + pod.key() + " to " + node));
    }

    /** A FailedScheduling event and PodScheduled=False with reason Unschedulable (or SchedulerError). */
    void failed(PodInfo pod, String message, boolean unschedulable) {
        Pod p = pod.pod();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String reason = unschedulable ? "Unschedulable" : "SchedulerError";
        if (!hasCondition(p, reason, message)) { // the transition time changes only with the condition
            String condition = "{\"status\":{\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"False\","
                    + "\"reason\":\"" + reason + "\",\"message\":" + api.json(message)
                    + ",\"lastProbeTime\":null,\"lastTransitionTime\":\"" + now + "\"}]}}";
            write(() -> api.patchPodStatus(p.getMetadata().getNamespace(), p.getMetadata().getName(), condition));
        }
        String uid = p.getMetadata().getUid();
        Posted previous;
        synchronized (lastFailure) {
            previous = lastFailure.get(uid);
        }
        if (previous != null && previous.message.equals(message)) {
            int count = previous.count + 1;
            synchronized (lastFailure) {
                lastFailure.put(uid, new Posted(previous.name, message, count));
            }
            write(() -> api.patchEvent(p.getMetadata().getNamespace(), previous.name,
                    "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}"));
            return;
        }
        Event event = event(p, "Warning", "FailedScheduling", message);
        synchronized (lastFailure) {
            lastFailure.put(uid, new Posted(event.getMetadata().getName(), message, 1));
        }
        post(event);
    }

    /**
     * Carries out a preemption: each victim gets the DisruptionTarget condition, a Preempted event and is deleted;
     * the preemptor is nominated to the node ({@code status.nominatedNodeName}), where it waits for the room made.
     * Like the events, these writes are never waited for; a victim that is gone or made again meanwhile stays as it is.
     */
    void preempt(PodInfo preemptor, Preemption.Choice choice) {
        Pod p = preemptor.pod();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        for (PodInfo victim : choice.victims()) {
            Pod v = victim.pod();
            String ns = v.getMetadata().getNamespace();
            String condition = "{\"status\":{\"conditions\":[{\"type\":\"DisruptionTarget\",\"status\":\"True\","
                    + "\"reason\":\"PreemptionByScheduler\",\"message\":" + api.json(component + ": preempting to "
                    + "accommodate a higher priority pod") + ",\"lastTransitionTime\":\"" + now + "\"}]}}";
            write(() -> api.patchPodStatus(ns, v.getMetadata().getName(), condition)
                    .thenCompose(done -> api.deletePod(ns, v.getMetadata().getName(), v.getMetadata().getUid())));
            post(event(v, "Normal", "Preempted", "Preempted by pod " + preemptor.key() + " on node " + choice.node()));
        }
        write(() -> api.patchPodStatus(p.getMetadata().getNamespace(), p.getMetadata().getName(),
                "{\"status\":{\"nominatedNodeName\":\"" + choice.node() + "\"}}"));
    }

    private static boolean hasCondition(Pod pod, String reason, String message) {
        return pod.getStatus() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                        && reason.equals(c.getReason()) && message.equals(c.getMessage()));
    }

    /** @return events and status patches dropped because too many were in flight */
    long dropped() {
        return dropped.get();
    }

    private void post(Event event) {
        write(() -> api.createEvent(event));
    }

    private void write(java.util.function.Supplier<java.util.concurrent.CompletableFuture<dev.orchestrator.client.UndecodedWrites.Answer>> call) {
        if (!inFlight.tryAcquire()) {
            dropped.incrementAndGet();
            return;
        }
        try {
            call.get().whenComplete((answer, error) -> {
                inFlight.release();
                if (error != null || !answer.ok()) {
                    LOG.debug("event write failed code={} error={}", answer == null ? 0 : answer.code(), error);
                }
            });
        } catch (RuntimeException e) {
            inFlight.release();
            LOG.debug("event write failed", e);
        }
    }

    /** Built with setters: the fluent builders copy every nested object, which shows at 1,000 events/s. */
    private Event event(Pod pod, String type, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectMeta meta = pod.getMetadata();
        ObjectMeta eventMeta = new ObjectMeta();
        eventMeta.setName(meta.getName() + "." + Long.toHexString(System.nanoTime()));
        eventMeta.setNamespace(meta.getNamespace());
        ObjectReference about = new ObjectReference();
        about.setKind("Pod");
        about.setApiVersion("v1");
        about.setNamespace(meta.getNamespace());
        about.setName(meta.getName());
        about.setUid(meta.getUid());
        about.setResourceVersion(meta.getResourceVersion());
        Event event = new Event();
        event.setMetadata(eventMeta);
        event.setInvolvedObject(about);
        event.setType(type);
        event.setReason(reason);
        event.setMessage(message);
        event.setSource(new EventSource(component, null));
        event.setReportingComponent(component);
        event.setReportingInstance(component);
        event.setFirstTimestamp(now);
        event.setLastTimestamp(now);
        event.setCount(1);
        return event;
    }
}
